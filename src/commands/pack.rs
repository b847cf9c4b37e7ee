//! `ipt pack ITEMS… -o FILE`: several documents in one file for a course or a training day.
//! Worksheet ids print as blank handouts, answers files (and folders of them, listed by `app`)
//! filled, a plan's answers as the plan; then a cover with the title, a contents page and the
//! bookmarks, through the same pack renderer as the session packet.
//!
//! Extension point: a new kind of page (the progress pages of `ipt progress`, say) is a new
//! [`PackItem`] variant that becomes a `Document` here; the renderers need nothing new.

use super::render::{Sheets, answers_document};
use crate::app::Env;
use crate::document::build;
use crate::document::pack::{Contents, Pack};
use crate::report::Failure;
use crate::request::{PackItem, PackRequest};

pub fn run(env: &Env, req: &PackRequest) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let resources = &catalog.resources;
    let sheets = Sheets::new(&catalog);
    let mut documents = Vec::with_capacity(req.items.len());
    for item in &req.items {
        let (name, doc) = match item {
            PackItem::Worksheet(id) => (
                id.clone(),
                sheets.find(id).map(|s| build(&s, None, resources)),
            ),
            PackItem::Answers(path) => (
                path.display().to_string(),
                answers_document(env, &sheets, path, None, &[]),
            ),
        };
        documents.push(doc.map_err(|mut f| {
            f.message = format!("{name}: {}", f.message);
            f
        })?);
    }
    let w = |key: &str| resources.plan.word(key);
    let cover = w("pack_cover")
        .replace("{count}", &documents.len().to_string())
        .replace("{date}", &env.facts.today().to_string());
    let pack = Pack {
        title: req
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map_or_else(|| w("pack_title"), str::to_string),
        language: documents
            .first()
            .map_or_else(|| "en".to_string(), |d| d.language.clone()),
        cover: Some(vec![cover]),
        contents: Some(Contents {
            title: w("contents"),
            page: w("contents_page"),
        }),
        duplex: req.duplex,
        documents,
    };
    super::write_pack(&catalog, &pack, &req.out)
}
