//! The font chain: DejaVu Sans regular and bold (compiled in), then any `--font` fallbacks, and
//! per-character choice of the face that can draw a character. Text is measured here, from the
//! same glyph advances the PDF's `/W` array carries, so what we wrap is what viewers draw.
//!
//! Faces are parsed once per process and shared read-only by every render on every thread: the
//! built-in ones on first use, a `--font` file the first time it is asked for (by its bytes).
//! Each face remembers the glyphs it was asked about in a table of atomics, so measuring never
//! takes a lock for the common characters and every thread sees the same answers. [`Fonts`] is
//! `Send + Sync`.
//!
//! Owns: loading faces (with our own stable, six-letter font ids, which are also the subset
//! tags), character coverage, the visible placeholder for characters no face has, widths, and
//! quieting a font parser's panic. Must not lay out, paginate or know about the document model.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use printpdf::{FontId, ParsedFont};

use super::FontFile;

/// The placeholder drawn for a character that no face has: U+FFFD, in DejaVu Sans.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// How a run of text looks. Italic is a slanted face (DejaVu Sans is drawn obliquely).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub fn is_bold(self) -> bool {
        matches!(self, Style::Bold | Style::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, Style::Italic | Style::BoldItalic)
    }

    pub fn with_bold(self) -> Style {
        if self.is_italic() {
            Style::BoldItalic
        } else {
            Style::Bold
        }
    }

    pub fn with_italic(self) -> Style {
        if self.is_bold() {
            Style::BoldItalic
        } else {
            Style::Italic
        }
    }
}

/// One parsed face, shared by every render in the process.
pub struct Face {
    pub font: ParsedFont,
    upm: f32,
    /// Glyph and advance of the characters below [`TABLE`], filled in as they are asked for.
    table: Box<[AtomicU64]>,
    /// The same for other characters.
    other: RwLock<HashMap<char, Metrics>>,
    /// The advances of ASCII, looked up when the face is loaded: most text is ASCII.
    ascii: [Option<f32>; 128],
}

/// Why a font could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontProblem {
    pub name: String,
    pub reason: String,
}

/// Which face draws a character, and which character it draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub face: usize,
    pub ch: char,
}

/// The chain of faces: `[regular, bold, fallback…]`, each with the id it has in this file.
pub struct Fonts {
    pub faces: Vec<Arc<Face>>,
    pub ids: Vec<FontId>,
}

/// A glyph id and its advance in 1/1000 em, if the face has the character.
type Metrics = Option<(u16, f32)>;

/// Characters below this have their metrics in `Face::table`.
const TABLE: usize = 0x2200;

/// 0: not looked up yet; 1: the face lacks it; else `2 | gid << 16 | advance << 32`.
type Packed = u64;

const REGULAR: usize = 0;
const BOLD: usize = 1;

/// The built-in faces, parsed on first use.
static BUILT_IN: OnceLock<Result<[Arc<Face>; 2], FontProblem>> = OnceLock::new();

/// `--font` faces parsed so far, by name, length and a hash of their bytes; the most recent
/// `KEEP_FALLBACKS` of them.
type FallbackKey = (String, usize, u64);
static FALLBACKS: Mutex<Vec<(FallbackKey, Arc<Face>)>> = Mutex::new(Vec::new());

/// How many `--font` faces stay parsed. A run names a few; a program rendering with ever new
/// fonts (the library, a fuzzer) must not keep every one it was given.
const KEEP_FALLBACKS: usize = 8;

impl Face {
    fn load(name: &str, bytes: &[u8]) -> Result<Face, FontProblem> {
        let mut warnings = Vec::new();
        let problem = |reason: &str| FontProblem {
            name: name.to_string(),
            reason: reason.to_string(),
        };
        // A crafted file can make the font parser panic: that is a problem with the file.
        let font = quietly(|| ParsedFont::from_bytes(bytes, 0, &mut warnings))
            .flatten()
            .ok_or_else(|| problem("it is not a TrueType or OpenType font that can be read"))?;
        let upm = f32::from(font.pdf_font_metrics.units_per_em);
        if upm <= 0.0 || font.lookup_glyph_index('A' as u32).is_none() && font.num_glyphs < 2 {
            return Err(problem("it has no usable glyphs"));
        }
        let mut face = Face {
            font,
            upm,
            table: (0..TABLE).map(|_| AtomicU64::new(0)).collect(),
            other: RwLock::new(HashMap::new()),
            ascii: [None; 128],
        };
        for c in 0..128u8 {
            face.ascii[usize::from(c)] = face.metrics(char::from(c)).map(|(_, w)| w);
        }
        Ok(face)
    }

    /// The glyph id and advance (in 1/1000 em) of `c`, if the face has it. Two threads asking
    /// at once both look it up and store the same answer.
    fn metrics(&self, c: char) -> Metrics {
        let slot = self.table.get(c as usize);
        if let Some(slot) = slot {
            match slot.load(Ordering::Relaxed) {
                0 => {}
                1 => return None,
                p => return Some(((p >> 16) as u16, (p >> 32) as f32)),
            }
        } else if let Some(hit) = self.other.read().ok().and_then(|m| m.get(&c).copied()) {
            return hit;
        }
        let found = self.lookup(c);
        match slot {
            Some(slot) => {
                let packed: Packed = match found {
                    None => 1,
                    Some((gid, w)) => 2 | u64::from(gid) << 16 | (w as u64) << 32,
                };
                slot.store(packed, Ordering::Relaxed);
            }
            None => {
                if let Ok(mut m) = self.other.write() {
                    m.insert(c, found);
                }
            }
        }
        found
    }

    fn lookup(&self, c: char) -> Metrics {
        self.font
            .lookup_glyph_index(c as u32)
            .filter(|gid| *gid != 0)
            .map(|gid| {
                // The same rounding printpdf uses for `/W`, so widths agree exactly.
                let w =
                    (f32::from(self.font.get_horizontal_advance(gid)) * 1000.0 / self.upm).floor();
                (gid, w)
            })
    }
}

/// The built-in faces, parsed once (the two on two threads).
fn built_in() -> Result<[Arc<Face>; 2], FontProblem> {
    BUILT_IN
        .get_or_init(|| {
            let builtin = |name: &str| {
                crate::assets::font(name).ok_or_else(|| FontProblem {
                    name: name.to_string(),
                    reason: "it is missing from this build".to_string(),
                })
            };
            let regular = builtin("DejaVuSans.ttf")?;
            let bold = builtin("DejaVuSans-Bold.ttf")?;
            let (first, second) = std::thread::scope(|scope| {
                let first = scope.spawn(|| Face::load("DejaVuSans.ttf", regular));
                let second = Face::load("DejaVuSans-Bold.ttf", bold);
                (first.join(), second)
            });
            let first = first.unwrap_or_else(|_| {
                Err(FontProblem {
                    name: "DejaVuSans.ttf".into(),
                    reason: "it could not be read".into(),
                })
            })?;
            Ok([Arc::new(first), Arc::new(second?)])
        })
        .clone()
}

/// A `--font` face, parsed the first time these bytes are asked for.
fn fallback(file: &FontFile) -> Result<Arc<Face>, FontProblem> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    file.bytes.hash(&mut h);
    let key = (file.name.clone(), file.bytes.len(), h.finish());
    if let Ok(known) = FALLBACKS.lock()
        && let Some((_, face)) = known.iter().find(|(k, _)| *k == key)
    {
        return Ok(face.clone());
    }
    let face = Arc::new(Face::load(&file.name, &file.bytes)?);
    if let Ok(mut known) = FALLBACKS.lock() {
        if known.len() >= KEEP_FALLBACKS {
            known.remove(0);
        }
        known.push((key, face.clone()));
    }
    Ok(face)
}

impl Fonts {
    /// DejaVu Sans regular and bold, then `extra` in order as fallbacks.
    pub fn load(extra: &[FontFile]) -> Result<Fonts, FontProblem> {
        let [regular, bold] = built_in()?;
        let mut faces = vec![regular, bold];
        let mut ids = vec![FontId("DJVREG".into()), FontId("DJVBLD".into())];
        for (i, file) in extra.iter().enumerate() {
            faces.push(fallback(file)?);
            ids.push(FontId(fallback_id(i)));
        }
        Ok(Fonts { faces, ids })
    }

    /// The glyph id and advance (in 1/1000 em) of `c` in `face`, if the face has it.
    fn metrics(&self, face: usize, c: char) -> Metrics {
        self.faces[face].metrics(c)
    }

    /// Whether some face can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        if self.faces[REGULAR]
            .ascii
            .get(c as usize)
            .is_some_and(Option::is_some)
        {
            return true;
        }
        (0..self.faces.len()).any(|f| self.metrics(f, c).is_some())
    }

    /// The face and character that draw `c` in `style`: the style's own face, else the other
    /// built-in one, else the first fallback that has it, else the placeholder.
    pub fn glyph(&self, style: Style, c: char) -> Glyph {
        let want = if style.is_bold() { BOLD } else { REGULAR };
        if self.faces[want]
            .ascii
            .get(c as usize)
            .is_some_and(Option::is_some)
        {
            return Glyph { face: want, ch: c };
        }
        let other = if want == BOLD { REGULAR } else { BOLD };
        std::iter::once(want)
            .chain(std::iter::once(other))
            .chain(2..self.faces.len())
            .find(|&f| self.metrics(f, c).is_some())
            .map_or(
                Glyph {
                    face: REGULAR,
                    ch: PLACEHOLDER,
                },
                |face| Glyph { face, ch: c },
            )
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(style, c, size)).sum()
    }

    /// The advance of one character at `size` points.
    pub fn advance(&self, style: Style, c: char, size: f32) -> f32 {
        let want = if style.is_bold() { BOLD } else { REGULAR };
        if let Some(Some(w)) = self.faces[want].ascii.get(c as usize) {
            return w * size / 1000.0;
        }
        let g = self.glyph(style, c);
        self.metrics(g.face, g.ch).map_or(0.0, |(_, w)| w) * size / 1000.0
    }

    /// `text` split into runs that one face draws, placeholders substituted.
    #[cfg(test)]
    pub fn runs(&self, style: Style, text: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(usize, String)> = Vec::new();
        for c in text.chars() {
            let g = self.glyph(style, c);
            match runs.last_mut() {
                Some((face, run)) if *face == g.face => run.push(g.ch),
                _ => runs.push((g.face, g.ch.to_string())),
            }
        }
        runs
    }

    /// Characters of `text` that no face has (each once, in order of appearance).
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| *c != '\n') {
            if !out.contains(&c) && !self.covers(c) {
                out.push(c);
            }
        }
        out
    }
}

/// Runs `f`, turning a panic inside it (a font parser's, on a crafted font) into `None`, without
/// the panic message: the caller reports the problem in its own words. Safe on many threads at
/// once: a hook installed once stays silent only for the threads inside `quietly`.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    thread_local! {
        static QUIET: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(std::cell::Cell::get) == 0 {
                before(info);
            }
        }));
    });
    QUIET.with(|q| q.set(q.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(q.get() - 1));
    result
}

/// `FBKAAA`, `FBKAAB`, …: six capital letters, as a subset tag must be.
fn fallback_id(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("FBK{}{}{}", letter(i / 676), letter(i / 26), letter(i))
}

/// Text as it can be drawn: tabs become spaces, other control characters and invisible format
/// characters that no font draws (variation selectors, zero-width joiners…) are dropped.
/// Line breaks are kept for the caller to split on.
pub fn clean(text: &str) -> String {
    // Printable ASCII and line ends, most text, stay as they are.
    if text.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return text.to_string();
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c if is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
        | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_covers_latin_greek_cyrillic_and_typographic_quotes() {
        let fonts = Fonts::load(&[]).unwrap();
        assert!(
            fonts
                .missing("Zoë Привет Ελληνικά “quotes” — … €")
                .is_empty()
        );
        assert_eq!(fonts.missing("日本語 🧠"), vec!['日', '本', '語', '🧠']);
    }

    #[test]
    fn faces_are_parsed_once_and_shared_by_every_thread() {
        fn shared<T: Send + Sync>(_: &T) {}
        let fonts = Fonts::load(&[]).unwrap();
        shared(&fonts);
        let again = Fonts::load(&[]).unwrap();
        assert!(Arc::ptr_eq(&fonts.faces[0], &again.faces[0]));
        let widths: Vec<f32> = std::thread::scope(|s| {
            let a = s.spawn(|| fonts.width(Style::Regular, "Zoë Привет", 11.0));
            let b = s.spawn(|| again.width(Style::Regular, "Zoë Привет", 11.0));
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        assert_eq!(widths[0], widths[1]);
        assert_eq!(widths[0], fonts.width(Style::Regular, "Zoë Привет", 11.0));
    }

    #[test]
    fn a_character_no_font_has_is_drawn_as_a_visible_placeholder() {
        let fonts = Fonts::load(&[]).unwrap();
        let runs = fonts.runs(Style::Regular, "a🧠b");
        assert_eq!(runs, vec![(0, format!("a{PLACEHOLDER}b"))]);
        assert!(
            fonts.advance(Style::Regular, '🧠', 10.0) > 3.0,
            "the box takes room"
        );
    }

    #[test]
    fn bold_text_uses_the_bold_face_and_is_wider() {
        let fonts = Fonts::load(&[]).unwrap();
        assert_eq!(fonts.runs(Style::Bold, "Hi")[0].0, 1);
        assert!(
            fonts.width(Style::Bold, "Hello", 11.0) > fonts.width(Style::Regular, "Hello", 11.0)
        );
    }

    #[test]
    fn a_panic_in_font_code_becomes_a_problem_and_the_program_goes_on() {
        assert_eq!(quietly(|| 7), Some(7));
        let crashed: Option<()> = quietly(|| panic!("a crafted font"));
        assert_eq!(crashed, None);
    }

    #[test]
    fn a_file_that_is_not_a_font_is_a_problem_not_a_panic() {
        let bad = FontFile {
            name: "notes.txt".into(),
            bytes: b"just some text".to_vec(),
        };
        let problem = Fonts::load(&[bad]).err().unwrap();
        assert_eq!(problem.name, "notes.txt");
    }

    #[test]
    fn control_and_invisible_characters_are_cleaned() {
        assert_eq!(clean("a\tb\u{7}c\u{FE0F}\nd"), "a bc\nd");
        assert_eq!(
            clean("plain ASCII,\nas it is ~"),
            "plain ASCII,\nas it is ~"
        );
        assert_eq!(clean("ascii\u{7f} then DEL"), "ascii then DEL");
    }

    #[test]
    fn only_the_latest_fallback_fonts_stay_parsed() {
        // A fuzzer found this: every new `--font` file stayed parsed for the life of the
        // process, so rendering with ever new fonts used up the memory.
        let font = include_bytes!("../../../tests/fixtures/fonts/test-fallback.ttf");
        for i in 0..3 * KEEP_FALLBACKS {
            let mut bytes = font.to_vec();
            bytes.resize(font.len() + i + 1, 0);
            let file = FontFile {
                name: format!("font-{i}.ttf"),
                bytes,
            };
            Fonts::load(&[file]).expect("the test font with padding after it");
            assert!(FALLBACKS.lock().unwrap().len() <= KEEP_FALLBACKS);
        }
    }

    #[test]
    fn fallback_ids_are_six_capital_letters() {
        assert_eq!(fallback_id(0), "FBKAAA");
        assert_eq!(fallback_id(27), "FBKABB");
    }
}
