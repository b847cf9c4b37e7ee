//! The font chain: DejaVu Sans regular and bold (compiled in), then any `--font` fallbacks, and
//! per-character choice of the face that can draw a character. Text is measured here, from the
//! same glyph advances the PDF's `/W` array carries, so what we wrap is what viewers draw.
//!
//! Owns: loading faces (with our own stable, six-letter font ids, which are also the subset
//! tags), character coverage, the visible placeholder for characters no face has, and widths.
//! Must not lay out, paginate or know about the document model.

use std::collections::HashMap;

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

/// One loaded face.
pub struct Face {
    pub id: FontId,
    pub font: ParsedFont,
    upm: f32,
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

/// The chain of faces: `[regular, bold, fallback…]`.
pub struct Fonts {
    pub faces: Vec<Face>,
    /// Glyph and advance by (face, char): a table for the common characters, a map for others.
    table: std::cell::RefCell<Vec<Packed>>,
    cache: std::cell::RefCell<HashMap<(usize, char), Metrics>>,
}

/// A glyph id and its advance in 1/1000 em, if the face has the character.
type Metrics = Option<(u16, f32)>;

/// Characters below this have their metrics in `Fonts::table`.
const TABLE: usize = 0x2200;

/// 0: not looked up yet; 1: the face lacks it; else `2 | gid << 16 | advance << 32`.
type Packed = u64;

const REGULAR: usize = 0;
const BOLD: usize = 1;

impl Face {
    fn load(id: &str, name: &str, bytes: &[u8]) -> Result<Face, FontProblem> {
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
        Ok(Face {
            id: FontId(id.to_string()),
            font,
            upm,
        })
    }
}

impl Fonts {
    /// DejaVu Sans regular and bold, then `extra` in order as fallbacks.
    pub fn load(extra: &[FontFile]) -> Result<Fonts, FontProblem> {
        let builtin = |name: &str| {
            crate::assets::font(name).ok_or_else(|| FontProblem {
                name: name.to_string(),
                reason: "it is missing from this build".to_string(),
            })
        };
        let regular = builtin("DejaVuSans.ttf")?;
        let bold = builtin("DejaVuSans-Bold.ttf")?;
        // Parsing a face takes a while: the regular one on another thread, the rest here.
        let (first, rest) = std::thread::scope(|scope| {
            let first = scope.spawn(|| Face::load("DJVREG", "DejaVuSans.ttf", regular));
            let mut rest = vec![Face::load("DJVBLD", "DejaVuSans-Bold.ttf", bold)];
            for (i, file) in extra.iter().enumerate() {
                rest.push(Face::load(&fallback_id(i), &file.name, &file.bytes));
            }
            (first.join(), rest)
        });
        let first = first.unwrap_or_else(|_| {
            Err(FontProblem {
                name: "DejaVuSans.ttf".into(),
                reason: "it could not be read".into(),
            })
        });
        let faces = std::iter::once(first)
            .chain(rest)
            .collect::<Result<Vec<Face>, FontProblem>>()?;
        Ok(Fonts {
            faces,
            table: std::cell::RefCell::new(vec![0; 2 * TABLE]),
            cache: Default::default(),
        })
    }

    /// The glyph id and advance (in 1/1000 em) of `c` in `face`, if the face has it.
    fn metrics(&self, face: usize, c: char) -> Option<(u16, f32)> {
        let slot = (c as usize) < TABLE && face < 2;
        if slot {
            let packed = self.table.borrow()[face * TABLE + c as usize];
            match packed {
                0 => {}
                1 => return None,
                p => return Some(((p >> 16) as u16, (p >> 32) as f32)),
            }
        } else if let Some(hit) = self.cache.borrow().get(&(face, c)) {
            return *hit;
        }
        let f = &self.faces[face];
        let found = f
            .font
            .lookup_glyph_index(c as u32)
            .filter(|gid| *gid != 0)
            .map(|gid| {
                // The same rounding printpdf uses for `/W`, so widths agree exactly.
                let w = (f32::from(f.font.get_horizontal_advance(gid)) * 1000.0 / f.upm).floor();
                (gid, w)
            });
        if slot {
            self.table.borrow_mut()[face * TABLE + c as usize] = match found {
                None => 1,
                Some((gid, w)) => 2 | u64::from(gid) << 16 | (w as u64) << 32,
            };
        } else {
            self.cache.borrow_mut().insert((face, c), found);
        }
        found
    }

    /// Whether some face can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        (0..self.faces.len()).any(|f| self.metrics(f, c).is_some())
    }

    /// The face and character that draw `c` in `style`: the style's own face, else the other
    /// built-in one, else the first fallback that has it, else the placeholder.
    pub fn glyph(&self, style: Style, c: char) -> Glyph {
        let want = if style.is_bold() { BOLD } else { REGULAR };
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
        let g = self.glyph(style, c);
        self.metrics(g.face, g.ch).map_or(0.0, |(_, w)| w) * size / 1000.0
    }

    /// `text` split into runs that one face draws, placeholders substituted.
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

/// `FBKAAA`, `FBKAAB`, …: six capital letters, as a subset tag must be.
/// Runs `f`, turning a panic inside it (a font parser's, on a crafted font) into `None`, without
/// the panic message: the caller reports the problem in its own words.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    std::panic::set_hook(hook);
    result
}

fn fallback_id(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("FBK{}{}{}", letter(i / 676), letter(i / 26), letter(i))
}

/// Text as it can be drawn: tabs become spaces, other control characters and invisible format
/// characters that no font draws (variation selectors, zero-width joiners…) are dropped.
/// Line breaks are kept for the caller to split on.
pub fn clean(text: &str) -> String {
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
    }

    #[test]
    fn fallback_ids_are_six_capital_letters() {
        assert_eq!(fallback_id(0), "FBKAAA");
        assert_eq!(fallback_id(27), "FBKABB");
    }
}
