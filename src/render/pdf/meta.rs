//! The PDF file: metadata (title, subject, creator, language, dates), fonts under our own ids,
//! an outline with one entry per section in reading order, and a deterministic save — the same
//! document and options give the same bytes, in any process.
//!
//! Owns: the document-level dictionaries, font programs' final form and the save. Must not lay out or draw; printpdf's own
//! random-looking trailer `/ID` and its outline (sorted by name) are replaced here.

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Mm, OffsetDateTime, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};
use sha2::{Digest, Sha256};

use super::emit;
use super::fonts::Fonts;
use super::layout::Mark;

/// Deflate level (zlib-rs): 6 is within 0.2 % of 9's size for 12 % fewer instructions; 1 to 4
/// save little more time and grow files by 3 to 46 % (docs/performance.md).
const LEVEL: u32 = 6;

/// What the document says about itself.
pub struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub keywords: Vec<String>,
    pub creator: String,
    pub lang: &'a str,
    /// Seconds since 1970 for the creation and modification dates.
    pub epoch: i64,
    /// Outline entries in reading order.
    pub outline: Vec<Bookmark>,
    pub page_height: f32,
}

/// One outline entry: a top entry (level 0) or one below the top entry before it (level 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    /// Page index from 0.
    pub page: usize,
    /// From the top of the page.
    pub y: f32,
    pub level: u8,
}

/// Saves the pages, each drawn from its marks, as PDF bytes. printpdf builds the file and embeds
/// the font subsets; the page contents are written by `emit`, in the codes those subsets use.
pub fn save(
    fonts: &Fonts,
    pages: &[Vec<Mark>],
    (width, height): (f32, f32),
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(meta.title);
    let date = OffsetDateTime::from_unix_timestamp(meta.epoch)
        .or_else(|_| OffsetDateTime::from_unix_timestamp(0))
        .map_err(str::to_string)?;
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.to_string();
    info.subject = meta.subject.to_string();
    info.keywords = meta.keywords.clone();
    info.creator = meta.creator.clone();
    info.producer = "printpdf 0.12.8".to_string();
    info.identifier = String::new();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    // The first page carries a sample of every character each face draws, so that printpdf
    // subsets the fonts with exactly those glyphs; its codes for them are read back from it.
    let used = emit::used(fonts, pages);
    let mut sample = Vec::new();
    for (face, chars) in used.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        doc.resources.fonts.map.insert(
            fonts.ids[face].clone(),
            PdfFont::new(fonts.faces[face].font.clone()),
        );
        sample.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(fonts.ids[face].clone()),
                size: Pt(1.0),
            },
            Op::ShowText {
                items: vec![TextItem::Text(chars.iter().collect())],
            },
            Op::EndTextSection,
        ]);
    }
    doc.pages = (0..pages.len().max(1))
        .map(|i| {
            let ops = if i == 0 {
                std::mem::take(&mut sample)
            } else {
                Vec::new()
            };
            PdfPage::new(mm(width), mm(height), ops)
        })
        .collect();
    let opts = PdfSaveOptions {
        subset_fonts: true,
        optimize: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let streams: Vec<lopdf::ObjectId> = lo
        .get_pages()
        .values()
        .map(|page| {
            lo.get_dictionary(*page)
                .and_then(|d| d.get(b"Contents"))
                .and_then(Object::as_reference)
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let codes = match streams.first().and_then(|id| lo.objects.get(id)) {
        Some(Object::Stream(s)) => emit::Codes::read(&used, &s.content)?,
        _ => emit::Codes::default(),
    };
    for (id, marks) in streams.iter().zip(pages) {
        if let Some(Object::Stream(s)) = lo.objects.get_mut(id) {
            s.set_content(emit::content(fonts, &codes, marks, height));
        }
    }
    slim_fonts(&mut lo);
    fix_info(&mut lo);
    outline(&mut lo, meta);
    let catalog = lo.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Lang", Object::string_literal(meta.lang));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
    );
    compress(&mut lo);
    // The trailer /ID is a hash of the file with a placeholder in its place, written over it.
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| e.to_string())?;
    let hex: Vec<u8> = ID_PLACEHOLDER
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    let hash = Sha256::digest(&bytes);
    let id: Vec<u8> = hash[..16]
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    for _ in 0..2 {
        let at = bytes
            .windows(hex.len())
            .rposition(|w| w == hex.as_slice())
            .ok_or("the file identifier could not be written")?;
        bytes[at..at + hex.len()].copy_from_slice(&id);
    }
    Ok(bytes)
}

fn mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

/// Stands in for the trailer's `/ID` until the file's hash is known.
const ID_PLACEHOLDER: &[u8; 16] = b"ipt-id-of-a-file";

/// Flate-compresses every stream that is not yet, at a level that is quick and near the best,
/// on two threads (fonts and pages take turns), each reusing one compressor.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let (mut load_a, mut load_b) = (0usize, 0usize);
    for s in streams {
        if load_a <= load_b {
            load_a += s.content.len();
            a.push(s);
        } else {
            load_b += s.content.len();
            b.push(s);
        }
    }
    let run = |streams: Vec<&mut lopdf::Stream>| {
        let mut z = flate2::Compress::new(flate2::Compression::new(LEVEL), true);
        for s in streams {
            deflate(&mut z, s);
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(|| run(a));
        run(b);
    });
}

fn deflate(z: &mut flate2::Compress, stream: &mut lopdf::Stream) {
    use flate2::{FlushCompress, Status};
    let input = &stream.content;
    let mut packed = Vec::with_capacity(input.len() / 2 + 64);
    let start = z.total_in();
    let done = loop {
        let read = (z.total_in() - start) as usize;
        match z.compress_vec(&input[read..], &mut packed, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => break true,
            Ok(_) => packed.reserve(packed.capacity().max(4096)),
            Err(_) => break false,
        }
    };
    z.reset();
    if done && packed.len() < input.len() {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(packed);
    }
}

/// Drops what print never uses from every embedded TrueType program (see `slim`).
fn slim_fonts(lo: &mut lopdf::Document) {
    let programs: Vec<lopdf::ObjectId> = lo
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has_type(b"FontDescriptor"))
        .filter_map(|d| d.get(b"FontFile2").and_then(Object::as_reference).ok())
        .collect();
    for id in programs {
        if let Some(Object::Stream(stream)) = lo.objects.get_mut(&id)
            && let Ok(plain) = stream.get_plain_content()
            && let Some(slim) = super::slim::slim(&plain)
        {
            stream.dict.set("Length1", slim.len() as i64);
            stream.set_plain_content(slim);
        }
    }
}

/// printpdf writes an empty `/GTS_PDFXVersion` (the file then claims to be PDF/X) and empty
/// fields; drop them.
fn fix_info(lo: &mut lopdf::Document) {
    let Ok(r) = lo.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    if let Ok(info) = lo.get_dictionary_mut(r) {
        info.remove(b"GTS_PDFXVersion");
        let empty: Vec<Vec<u8>> = info
            .iter()
            .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in empty {
            info.remove(&k);
        }
    }
}

/// The outline: one entry per bookmark in document order, each opening its page at the entry;
/// level-1 entries hang below the level-0 entry before them. Every entry is open.
fn outline(lo: &mut lopdf::Document, meta: &Meta) {
    if let Ok(cat) = lo.catalog_mut() {
        cat.remove(b"Outlines");
        cat.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    let pages = lo.get_pages();
    let entries: Vec<(&Bookmark, lopdf::ObjectId)> = meta
        .outline
        .iter()
        .filter_map(|b| Some((b, *pages.get(&(b.page as u32 + 1))?)))
        .collect();
    if entries.is_empty() {
        return;
    }
    // Top entries, each with its children (indices into `entries`).
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (b, _)) in entries.iter().enumerate() {
        match tree.last_mut() {
            Some((_, children)) if b.level > 0 => children.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let root = lo.new_object_id();
    let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let item = |i: usize, parent: lopdf::ObjectId, prev: Option<usize>, next: Option<usize>| {
        let (b, page) = entries[i];
        let mut d = Dictionary::new();
        d.set("Title", text_string(&b.title));
        d.set("Parent", parent);
        if let Some(p) = prev {
            d.set("Prev", ids[p]);
        }
        if let Some(n) = next {
            d.set("Next", ids[n]);
        }
        d.set(
            "Dest",
            vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(meta.page_height - b.y + 6.0),
                Object::Null,
            ],
        );
        d
    };
    for (t, (top, children)) in tree.iter().enumerate() {
        let prev = t.checked_sub(1).map(|p| tree[p].0);
        let next = tree.get(t + 1).map(|n| n.0);
        let mut d = item(*top, root, prev, next);
        if let (Some(first), Some(last)) = (children.first(), children.last()) {
            d.set("First", ids[*first]);
            d.set("Last", ids[*last]);
            d.set("Count", children.len() as i64);
        }
        lo.objects.insert(ids[*top], Object::Dictionary(d));
        for (c, child) in children.iter().enumerate() {
            let prev = c.checked_sub(1).map(|p| children[p]);
            let next = children.get(c + 1).copied();
            let d = item(*child, ids[*top], prev, next);
            lo.objects.insert(ids[*child], Object::Dictionary(d));
        }
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", ids[tree[0].0]);
    r.set("Last", ids[tree[tree.len() - 1].0]);
    r.set("Count", entries.len() as i64);
    lo.objects.insert(root, Object::Dictionary(r));
    if let Ok(cat) = lo.catalog_mut() {
        cat.set("Outlines", root);
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, so any title survives.
fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
pub fn date(epoch: i64) -> String {
    crate::answers::date::Date::from_unix(epoch)
        .map_or_else(|| "1970-01-01".to_string(), |(d, _)| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_unix_time() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_767_225_600), "2026-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    #[test]
    fn outline_titles_are_utf16_with_a_bom() {
        let Object::String(b, _) = text_string("Zoë") else {
            panic!()
        };
        assert_eq!(b, [0xFE, 0xFF, 0, b'Z', 0, b'o', 0, 0xEB]);
    }
}
