//! Smaller embedded fonts. printpdf's subsets keep two things a printed handout never uses: the
//! `name` table (DejaVu's carries its whole licence, 15 KB) and the TrueType hinting
//! instructions inside every glyph. Both go; glyph outlines, metrics and every table PDF
//! requires (`head`, `hhea`, `loca`, `maxp`, `cvt `, `prep`, `glyf`, `hmtx`, `fpgm`) stay.
//!
//! Owns: rewriting a TrueType font program. Must not change outlines, advances or glyph ids; a
//! font it does not understand is left exactly as it was.

/// The font with an empty `name` table and no glyph instructions, or `None` to keep it as is.
pub fn slim(font: &[u8]) -> Option<Vec<u8>> {
    let tables = directory(font)?;
    let get = |tag: &[u8; 4]| {
        tables
            .iter()
            .find(|t| &t.0 == tag)
            .map(|t| &font[t.1..t.1 + t.2])
    };
    let head = get(b"head")?;
    let long = i16::from_be_bytes([*head.get(50)?, *head.get(51)?]) == 1;
    let maxp = get(b"maxp")?;
    let glyphs = usize::from(u16::from_be_bytes([*maxp.get(4)?, *maxp.get(5)?]));
    let (glyf, loca) = strip_instructions(get(b"glyf")?, get(b"loca")?, glyphs, long)?;
    let mut head = head.to_vec();
    head[50..52].copy_from_slice(&1i16.to_be_bytes()); // long loca offsets
    head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    let name = vec![0u8; 6]; // format 0, no records, strings at offset 6
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(tables.len());
    for (tag, off, len) in &tables {
        let data = match tag {
            b"glyf" => glyf.clone(),
            b"loca" => loca.clone(),
            b"head" => head.clone(),
            b"name" => name.clone(),
            b"hdmx" | b"LTSH" | b"VDMX" | b"DSIG" => continue,
            _ => font[*off..off + len].to_vec(),
        };
        out_tables.push((*tag, data));
    }
    Some(assemble(&font[..4], &out_tables))
}

/// (tag, offset, length) of every table, checked to lie inside the file.
fn directory(font: &[u8]) -> Option<Vec<([u8; 4], usize, usize)>> {
    let n = usize::from(u16::from_be_bytes([*font.get(4)?, *font.get(5)?]));
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let e = font.get(12 + 16 * i..28 + 16 * i)?;
        let tag = [e[0], e[1], e[2], e[3]];
        let off = u32::from_be_bytes([e[8], e[9], e[10], e[11]]) as usize;
        let len = u32::from_be_bytes([e[12], e[13], e[14], e[15]]) as usize;
        font.get(off..off.checked_add(len)?)?;
        out.push((tag, off, len));
    }
    Some(out)
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

/// `glyf` without instructions and its new (long) `loca`.
fn strip_instructions(
    glyf: &[u8],
    loca: &[u8],
    glyphs: usize,
    long: bool,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let offset = |i: usize| -> Option<usize> {
        if long {
            let b = loca.get(4 * i..4 * i + 4)?;
            Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        } else {
            Some(usize::from(u16_at(loca, 2 * i)?) * 2)
        }
    };
    let mut out = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for i in 0..glyphs {
        new_loca.extend((out.len() as u32).to_be_bytes());
        let (a, b) = (offset(i)?, offset(i + 1)?);
        if b <= a {
            continue;
        }
        let g = glyf.get(a..b)?;
        let contours = i16::from_be_bytes([*g.first()?, *g.get(1)?]);
        if contours >= 0 {
            let at = 10 + 2 * contours as usize;
            let n = usize::from(u16_at(g, at)?);
            out.extend_from_slice(g.get(..at)?);
            out.extend([0, 0]);
            out.extend_from_slice(g.get(at + 2 + n..)?);
        } else {
            out.extend_from_slice(&composite_without_instructions(g)?);
        }
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    new_loca.extend((out.len() as u32).to_be_bytes());
    Some((out, new_loca))
}

fn composite_without_instructions(g: &[u8]) -> Option<Vec<u8>> {
    let mut out = g.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(g, at)?;
        let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        size += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        let part = g.get(at..at + size)?;
        out.extend((flags & !0x0100).to_be_bytes());
        out.extend_from_slice(&part[2..]);
        at += size;
        if flags & 0x0020 == 0 {
            return Some(out);
        }
    }
}

/// An sfnt from its tables: directory, 4-byte aligned tables, checksums and head's adjustment.
fn assemble(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let pow = 1u16 << (15 - n.max(1).leading_zeros() as u16);
    let mut out = Vec::new();
    out.extend_from_slice(version);
    out.extend(n.to_be_bytes());
    out.extend((pow * 16).to_be_bytes());
    out.extend((pow.trailing_zeros() as u16).to_be_bytes());
    out.extend((n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(h) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::ParsedFont;

    #[test]
    fn a_slimmed_font_keeps_its_glyphs_and_advances() {
        let original = crate::assets::font("DejaVuSans.ttf").unwrap();
        let slim = slim(original).expect("DejaVu is understood");
        assert!(
            slim.len() < original.len() * 9 / 10,
            "{} vs {}",
            slim.len(),
            original.len()
        );
        let mut w = Vec::new();
        let a = ParsedFont::from_bytes(original, 0, &mut w).unwrap();
        let b = ParsedFont::from_bytes(&slim, 0, &mut w).unwrap();
        for c in "Zoë Привет Ελληνικά “q” Å".chars() {
            let g = a.lookup_glyph_index(c as u32).unwrap();
            assert_eq!(b.lookup_glyph_index(c as u32), Some(g));
            assert_eq!(a.get_horizontal_advance(g), b.get_horizontal_advance(g));
        }
        assert_eq!(checksum(&slim), 0xB1B0_AFBA, "whole-font checksum");
    }

    #[test]
    fn something_that_is_not_a_font_is_left_alone() {
        assert!(slim(b"not a font at all").is_none());
    }
}
