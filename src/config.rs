//! The user's settings: the config file (`$XDG_CONFIG_HOME/ipt/config.toml`), and how every
//! setting is chosen from its layers: a flag, then the case folder, then the environment, then the
//! config file, then the built-in default. `ipt config` shows the outcome and where each came
//! from.
//!
//! Owns: the config file's format (read with file:line:column errors, and the commented file
//! `ipt config --init` writes) and the precedence. Pure: `app` reads the file and the environment
//! once and hands the layers in. Must not touch terminals or write files.

use std::path::PathBuf;

use serde::Deserialize;

use crate::render::{FONT_SIZE, FONT_SIZE_RANGE, Paper, font_size_bounds};

/// The config file's name in the config folder.
pub const FILE: &str = "config.toml";

/// What the config file may set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    pub country: Option<String>,
    pub paper: Option<Paper>,
    pub font_size: Option<f32>,
    /// Extra fonts for characters DejaVu Sans lacks, tried in order.
    pub fonts: Vec<PathBuf>,
    /// The practice or clinician, printed in the header of PDFs.
    pub practice: Option<String>,
    /// The case folder used when none is named and the current folder is not in one.
    pub case: Option<PathBuf>,
    /// The language of documents whose worksheet does not say (BCP 47, e.g. "en").
    pub language: Option<String>,
}

/// A mistake in the config file.
pub type ConfigError = crate::spec::Located;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    country: Option<String>,
    paper: Option<String>,
    font_size: Option<f64>,
    #[serde(default)]
    fonts: Vec<String>,
    practice: Option<String>,
    case: Option<String>,
    language: Option<String>,
}

/// Reads a config file. `home` expands a leading `~/` in paths.
pub fn parse(text: &str, home: Option<&std::path::Path>) -> Result<ConfigFile, ConfigError> {
    let at = |offset: usize, message: String| ConfigError::at(text, offset, message);
    let raw: Raw = crate::spec::read_toml(text)?;
    let find = |key: &str| {
        text.lines()
            .scan(0, |offset, line| {
                let here = *offset;
                *offset += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, line)| line.trim_start().starts_with(key))
            .map_or(0, |(offset, _)| offset)
    };
    let path = |p: String| match (p.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(p),
    };
    let paper = raw
        .paper
        .as_deref()
        .map(Paper::from_setting)
        .transpose()
        .map_err(|message| at(find("paper"), message))?;
    let font_size = match raw.font_size {
        None => None,
        Some(size) if FONT_SIZE_RANGE.contains(&(size as f32)) => Some(size as f32),
        Some(_) => {
            return Err(at(find("font_size"), font_size_bounds()));
        }
    };
    let country = match raw.country.map(|c| c.trim().to_ascii_uppercase()) {
        Some(c) if c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()) => Some(c),
        Some(_) => {
            return Err(at(
                find("country"),
                "country must be a two-letter ISO code, e.g. \"GB\"".into(),
            ));
        }
        None => None,
    };
    let language = match raw.language.map(|l| l.trim().to_string()) {
        Some(l) if crate::spec::check::is_language_tag(&l) => Some(l),
        Some(_) => {
            return Err(at(
                find("language"),
                "language must be a language tag such as \"en\", \"en-GB\" or \"de\" (not a language's name)".into(),
            ));
        }
        None => None,
    };
    Ok(ConfigFile {
        country,
        paper,
        font_size,
        fonts: raw.fonts.into_iter().map(path).collect(),
        practice: raw
            .practice
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
        case: raw.case.map(path),
        language,
    })
}

/// The commented config file `ipt config --init` writes: every setting, commented out.
pub const TEMPLATE: &str = r#"# ipt settings. Remove the `# ` in front of a line to use it.
# A flag on the command line wins over the case folder, the case folder over the environment
# (IPT_COUNTRY, IPT_CASE), the environment over this file. `ipt config` shows what is in effect.

# Crisis contacts for this country (ISO code: GB, US, IE, AU, NZ, CA …).
# country = "GB"

# Paper for PDFs: "a4" or "letter".
# paper = "a4"

# Body text size of PDFs in points, 8 to 24 (14 is large print).
# font_size = 11

# Fonts for characters DejaVu Sans lacks (e.g. Chinese, Japanese, Korean), tried in order.
# fonts = ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]

# Your practice or your name, printed in the header of PDFs.
# practice = "Riverside Psychology"

# The case folder to use when none is named and the current folder is not in one.
# case = "~/clients/ar"

# The language of documents whose worksheet does not say (e.g. "en").
# language = "en"
"#;

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Case(PathBuf),
    Environment(&'static str),
    ConfigFile(PathBuf),
    /// The locale (`LANG`/`LC_ALL`), for the country.
    Locale,
    BuiltIn,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "the flag {flag}"),
            Source::Case(path) => write!(f, "the case folder ({})", path.display()),
            Source::Environment(var) => write!(f, "the environment ({var})"),
            Source::ConfigFile(path) => write!(f, "the config file ({})", path.display()),
            Source::Locale => f.write_str("the locale"),
            Source::BuiltIn => f.write_str("built in"),
        }
    }
}

/// A setting's value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub from: Source,
}

/// The first layer that has a value, else the built-in default.
fn pick<T>(layers: impl IntoIterator<Item = (Option<T>, Source)>, default: T) -> Setting<T> {
    layers
        .into_iter()
        .find_map(|(v, from)| v.map(|value| Setting { value, from }))
        .unwrap_or(Setting {
            value: default,
            from: Source::BuiltIn,
        })
}

/// What a layer says about each setting (every field optional).
#[derive(Debug, Clone, Default)]
pub struct Layer {
    pub country: Option<String>,
    pub paper: Option<Paper>,
    pub font_size: Option<f32>,
    pub fonts: Option<Vec<PathBuf>>,
    pub practice: Option<String>,
    pub case: Option<PathBuf>,
    pub language: Option<String>,
}

/// Every setting in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub country: Setting<Option<String>>,
    pub paper: Setting<Paper>,
    pub font_size: Setting<f32>,
    pub fonts: Setting<Vec<PathBuf>>,
    pub practice: Setting<Option<String>>,
    pub case: Setting<Option<PathBuf>>,
    pub language: Setting<String>,
}

/// The layers, highest first.
pub struct Layers<'a> {
    pub flags: &'a Layer,
    pub case: Option<(&'a Layer, PathBuf)>,
    pub env: &'a Layer,
    pub config: Option<(&'a Layer, PathBuf)>,
    /// The country the locale names (below the config file).
    pub locale_country: Option<String>,
}

/// Works out every setting from its layers.
pub fn settle(l: &Layers<'_>) -> Settings {
    macro_rules! layers {
        ($field:ident, $flag:expr, $env:expr) => {{
            let mut v = vec![(l.flags.$field.clone(), Source::Flag($flag))];
            if let Some((c, path)) = &l.case {
                v.push((c.$field.clone(), Source::Case(path.clone())));
            }
            v.push((l.env.$field.clone(), Source::Environment($env)));
            if let Some((c, path)) = &l.config {
                v.push((c.$field.clone(), Source::ConfigFile(path.clone())));
            }
            v
        }};
    }
    let wrap = |s: Setting<String>| Setting {
        value: Some(s.value),
        from: s.from,
    };
    let mut country = layers!(country, "--country", "IPT_COUNTRY");
    country.push((l.locale_country.clone(), Source::Locale));
    let country = pick(country, String::new());
    let practice = pick(
        layers!(practice, "--practice", "IPT_PRACTICE"),
        String::new(),
    );
    let case = pick(layers!(case, "--case", "IPT_CASE"), PathBuf::new());
    Settings {
        country: if country.from == Source::BuiltIn {
            Setting {
                value: None,
                from: Source::BuiltIn,
            }
        } else {
            wrap(country)
        },
        paper: pick(layers!(paper, "--paper", "IPT_PAPER"), Paper::A4),
        font_size: pick(
            layers!(font_size, "--font-size", "IPT_FONT_SIZE"),
            FONT_SIZE,
        ),
        fonts: pick(layers!(fonts, "--font", "IPT_FONTS"), Vec::new()),
        practice: if practice.from == Source::BuiltIn {
            Setting {
                value: None,
                from: Source::BuiltIn,
            }
        } else {
            wrap(practice)
        },
        case: Setting {
            value: (case.from != Source::BuiltIn).then_some(case.value),
            from: case.from,
        },
        language: pick(layers!(language, "--language", "IPT_LANGUAGE"), "en".into()),
    }
}

impl From<&ConfigFile> for Layer {
    fn from(c: &ConfigFile) -> Layer {
        Layer {
            country: c.country.clone(),
            paper: c.paper,
            font_size: c.font_size,
            fonts: (!c.fonts.is_empty()).then(|| c.fonts.clone()),
            practice: c.practice.clone(),
            case: c.case.clone(),
            language: c.language.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_config_file_with_nothing_set() {
        assert_eq!(parse(TEMPLATE, None).unwrap(), ConfigFile::default());
        let every: String = TEMPLATE
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let all = parse(&every, Some(std::path::Path::new("/home/a"))).unwrap();
        assert_eq!(all.country.as_deref(), Some("GB"));
        assert_eq!(all.case, Some(PathBuf::from("/home/a/clients/ar")));
        assert_eq!(all.paper, Some(Paper::A4));
    }

    #[test]
    fn a_mistake_names_its_line_and_column() {
        let e = parse("country = \"GB\"\npaper = \"a5\"\n", None).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        let e = parse("country = \"GB\"\n\ncolour = \"blue\"\n", None).unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("colour"), "{e:?}");
        let e = parse("font_size = 40\n", None).unwrap_err();
        assert!(e.message.contains("8 to 24"));
    }

    /// Regression (issue 13): `language = "english"` was accepted and printed in documents as
    /// their language.
    #[test]
    fn a_language_name_in_the_config_file_is_refused_with_its_line() {
        let e = parse("country = \"GB\"\nlanguage = \"english\"\n", None).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("language tag"), "{e:?}");
        let ok = parse("language = \"en-GB\"\n", None).unwrap();
        assert_eq!(ok.language.as_deref(), Some("en-GB"));
    }

    fn layer(country: &str) -> Layer {
        Layer {
            country: Some(country.into()),
            ..Layer::default()
        }
    }

    #[test]
    fn each_layer_wins_over_the_ones_below_it() {
        let (flags, case, env, config) = (layer("US"), layer("IE"), layer("AU"), layer("NZ"));
        let all = |f: &Layer, c: Option<&Layer>, e: &Layer, k: Option<&Layer>| {
            settle(&Layers {
                flags: f,
                case: c.map(|c| (c, PathBuf::from("case"))),
                env: e,
                config: k.map(|k| (k, PathBuf::from("config.toml"))),
                locale_country: Some("CA".into()),
            })
            .country
        };
        let none = Layer::default();
        assert_eq!(
            all(&flags, Some(&case), &env, Some(&config)).from,
            Source::Flag("--country")
        );
        assert_eq!(
            all(&none, Some(&case), &env, Some(&config))
                .value
                .as_deref(),
            Some("IE")
        );
        assert_eq!(
            all(&none, None, &env, Some(&config)).from,
            Source::Environment("IPT_COUNTRY")
        );
        assert_eq!(
            all(&none, None, &none, Some(&config)).from,
            Source::ConfigFile("config.toml".into())
        );
        assert_eq!(all(&none, None, &none, None).from, Source::Locale);
        let s = settle(&Layers {
            flags: &none,
            case: None,
            env: &none,
            config: None,
            locale_country: None,
        });
        assert_eq!(s.country.value, None);
        assert_eq!((s.paper.value, s.paper.from), (Paper::A4, Source::BuiltIn));
        assert_eq!(s.font_size.value, FONT_SIZE);
    }
}
