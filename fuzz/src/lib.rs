//! What every fuzz target shares: the built-in catalog (loaded once) and the invariants that
//! hold for any input (nothing hidden reaches a terminal).

use std::sync::OnceLock;

use ipt::spec::catalog::{Catalog, Sources};

/// The built-in worksheets and resources, loaded once per fuzzing process.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::discover(&Sources::default()).expect("built-in data loads"))
}

/// Markdown (or any text for a terminal) never carries a control or bidi-override character.
pub fn assert_nothing_hidden(text: &str) {
    if let Some(c) = ipt::visible::first_hidden(text) {
        panic!("a hidden character U+{:04X} in the output", c as u32);
    }
}

/// Renders a document as Markdown and checks it.
pub fn markdown(doc: &ipt::document::Document) {
    let rendered = ipt::render::render(
        doc,
        ipt::render::Format::Md,
        catalog().template_loader(),
        &ipt::render::RenderOptions::default(),
    );
    if let Ok(r) = rendered {
        assert_nothing_hidden(&String::from_utf8(r.bytes).expect("Markdown is UTF-8"));
    }
}
