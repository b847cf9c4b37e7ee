//! Where a value is in a data file, by its path of keys and indices (`measure[2].min`), for
//! problems found after the file was read into typed data (a band out of order, a technique no
//! `[[technique]]` defines) to name its line and column.
//!
//! Owns: walking the TOML syntax tree. Must not judge the data.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One step of a path: a key of a table, or an entry of an array (of tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The byte range of the value at `path` in `text`, or of the deepest part of the path that is
/// there (a problem is better placed at its table than nowhere). `None` when not even the first
/// step is found.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<Range<usize>> {
    let (root, _) = DeTable::parse_recoverable(text);
    let mut found = None;
    let mut table = root.get_ref();
    let mut value: Option<&DeValue<'_>> = None;
    for step in path {
        let next = match (step, value) {
            (Step::Key(k), None) => table.get(*k),
            (Step::Key(k), Some(DeValue::Table(t))) => t.get(*k),
            (Step::Index(i), Some(DeValue::Array(items))) => items.get(*i),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        found = Some(next.span());
        if let DeValue::Table(t) = next.get_ref() {
            table = t;
        }
        value = Some(next.get_ref());
    }
    found
}

/// The line and column of the value at `path` (see [`locate`]).
pub fn position(text: &str, path: &[Step<'_>]) -> Option<super::Position> {
    locate(text, path).map(|s| super::Position::of(text, s.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Position;

    fn at(text: &str, path: &[Step<'_>]) -> Option<(usize, usize)> {
        locate(text, path).map(|s| {
            let p = Position::of(text, s.start);
            (p.line, p.column)
        })
    }

    #[test]
    fn a_path_finds_keys_entries_of_arrays_of_tables_and_items_of_arrays() {
        let text = "format = 1\n\n[[measure]]\nid = \"a\"\n\n[[measure]]\nid = \"b\"\nmin = 3\nbands = [{ from = 0 }, { from = 9 }]\n";
        use Step::{Index, Key};
        assert_eq!(at(text, &[Key("format")]), Some((1, 10)));
        assert_eq!(
            at(text, &[Key("measure"), Index(1), Key("min")]),
            Some((8, 7))
        );
        assert_eq!(
            at(text, &[Key("measure"), Index(1), Key("bands"), Index(1)]),
            Some((9, 24))
        );
        // A key that is not there: the deepest part that is.
        assert_eq!(
            at(text, &[Key("measure"), Index(1), Key("max")]),
            at(text, &[Key("measure"), Index(1)])
        );
        assert_eq!(at(text, &[Key("nothing")]), None);
    }
}
