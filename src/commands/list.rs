//! `ipt list`: every worksheet with its id, title, technique, phases and origin.

use crate::app::Env;
use crate::report::Failure;

pub fn run(env: &Env) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let mut rows = vec![[
        "ID".to_string(),
        "TITLE".into(),
        "TECHNIQUE".into(),
        "PHASE".into(),
        "FROM".into(),
    ]];
    for entry in catalog.entries.iter().filter(|e| !e.shadowed) {
        let overrides = catalog
            .entries
            .iter()
            .any(|o| o.shadowed && o.id == entry.id);
        let from = if overrides {
            format!("{} (overrides another)", entry.origin)
        } else {
            entry.origin.to_string()
        };
        rows.push(match &entry.result {
            Ok(sheet) => {
                let s = &sheet.spec;
                let phases: Vec<&str> = s.phases.iter().map(|p| p.get_ref().as_str()).collect();
                [
                    entry.id.clone(),
                    s.title.clone(),
                    s.technique.clone(),
                    phases.join(", "),
                    from,
                ]
            }
            Err(d) => [
                entry.id.clone(),
                format!(
                    "(invalid: {} — run `ipt validate`)",
                    crate::report::count(d.len(), "problem")
                ),
                String::new(),
                String::new(),
                from,
            ],
        });
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
    Ok(())
}
