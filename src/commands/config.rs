//! `ipt config`: every setting in effect and where it came from (a flag, the case folder, the
//! environment, the config file, built in); `--init` writes a commented config file to fill in.

use crate::app::Env;
use crate::config::{Setting, TEMPLATE};
use crate::output;
use crate::report::{self, Exit, Failure};

pub fn run(env: &Env, init: bool, force: bool) -> Result<(), Failure> {
    let path = env
        .sources
        .config_dir
        .as_ref()
        .map(|d| d.join(crate::config::FILE))
        .ok_or_else(|| {
            Failure::new(
                Exit::Runtime,
                "there is no config folder: neither XDG_CONFIG_HOME nor HOME is set",
            )
        })?;
    if init {
        if let Some(dir) = path.parent() {
            output::folder(dir)?;
        }
        // The config file is read by every run, this one too: rewriting it is the point here.
        output::write_file(&path, TEMPLATE.as_bytes(), force)?;
        report::say(&format!(
            "Wrote {}: every setting is there, commented out. Remove the `# ` in front of one to use it.",
            path.display()
        ));
        return Ok(());
    }
    let s = &env.settings;
    let show = |name: &str, value: String, setting_from: String| {
        format!("{name:<10} {value:<32} from {setting_from}\n")
    };
    let text_of = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let from = |x: &dyn std::fmt::Display| x.to_string();
    let mut out = String::new();
    out.push_str(&show(
        "country",
        text_of(&s.country.value),
        from(&s.country.from),
    ));
    out.push_str(&show(
        "paper",
        s.paper.value.name().into(),
        from(&s.paper.from),
    ));
    out.push_str(&show(
        "font_size",
        crate::jinja::format_float(f64::from(s.font_size.value)),
        from(&s.font_size.from),
    ));
    out.push_str(&show("fonts", list(&s.fonts), from(&s.fonts.from)));
    out.push_str(&show(
        "practice",
        text_of(&s.practice.value),
        from(&s.practice.from),
    ));
    out.push_str(&show(
        "case",
        s.case
            .value
            .as_ref()
            .map_or_else(|| "(none)".into(), |p| p.display().to_string()),
        from(&s.case.from),
    ));
    out.push_str(&show(
        "language",
        s.language.value.clone(),
        from(&s.language.from),
    ));
    out.push_str(&match &env.config_file {
        None => format!(
            "\nThe config file {} does not exist; `ipt config --init` writes one to fill in.\n",
            path.display()
        ),
        Some((p, Ok(()))) => format!("\nThe config file is {}.\n", p.display()),
        Some((_, Err(f))) => format!(
            "\nThe config file cannot be used, so its settings are left out:\n  {}\n",
            f.message
        ),
    });
    // A case folder that is named or around us but cannot be read leaves its settings out.
    let case = env.case().err();
    if let Some(f) = &case {
        out.push_str(&format!(
            "The case folder cannot be used, so its settings are left out:\n  {}\n",
            f.message
        ));
    }
    crate::stdout::text(&out)?;
    match (&env.config_file, case) {
        (Some((_, Err(f))), _) => Err(f.clone()),
        (_, Some(f)) => Err(f),
        _ => Ok(()),
    }
}

fn list(s: &Setting<Vec<std::path::PathBuf>>) -> String {
    if s.value.is_empty() {
        "(none)".into()
    } else {
        s.value
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
