//! Documents printed as one: a session packet, a trainer's course pack. Plain data, like
//! [`Document`]; renderers draw the cover, the contents and every document in turn.

use serde::Serialize;

use super::Document;

/// Several documents in one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pack {
    pub title: String,
    /// The language of the text (BCP 47).
    pub language: String,
    /// Lines under the title on a cover page; no cover page when `None`.
    pub cover: Option<Vec<String>>,
    /// A contents page listing each document with the page it starts on.
    pub contents: Option<Contents>,
    /// Each document starts on an odd page, for printing on both sides.
    pub duplex: bool,
    pub documents: Vec<Document>,
}

/// The contents page's wording.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contents {
    pub title: String,
    /// The heading of the page-number column.
    pub page: String,
}
