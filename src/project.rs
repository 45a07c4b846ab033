//! A project: a folder holding `sources/report.toml`, found by walking up
//! from the current folder as cargo finds `Cargo.toml`; its records, the
//! locales of its languages and its layout, loaded and checked.

use std::path::{Path, PathBuf};

use crate::check::{self, Options};
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{self, Layout};
use crate::locale::{self, LOCALES_DIR, LocaleFile};
use crate::model::{self, Model};
use crate::schema::REPORT_FILE;
use crate::source::Dir;

/// Where a project's inputs are: its root, and the sources and templates
/// folders, which diagnostics name relative to the root.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The project folder.
    pub root: PathBuf,
    /// The record files.
    pub sources: Dir,
    /// The Typst templates, locales, layout, Word parts and fonts.
    pub templates: Dir,
}

impl Paths {
    /// The folders `sources` and `templates` of the project at `root`
    /// (relative to it, or absolute).
    pub fn new(root: impl Into<PathBuf>, sources: &Path, templates: &Path) -> Paths {
        let root = root.into();
        let dir = |rel: &Path| Dir {
            real: if root == Path::new(".") {
                rel.to_path_buf()
            } else {
                root.join(rel)
            },
            shown: rel.to_path_buf(),
        };
        Paths {
            sources: dir(sources),
            templates: dir(templates),
            root,
        }
    }

    /// The usual layout: `sources/` and `templates/` in `root`.
    pub fn at(root: impl Into<PathBuf>) -> Paths {
        Paths::new(root, Path::new("sources"), Path::new("templates"))
    }
}

/// The nearest folder, from `start` upwards, that holds
/// `sources/report.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .find(|dir| dir.join("sources").join(REPORT_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Loaded and checked inputs.
pub struct Project {
    /// Where they came from.
    pub paths: Paths,
    /// The records.
    pub model: Model,
    /// One locale per configured language, in edition order.
    pub locales: Vec<LocaleFile>,
    /// The layout both writers follow.
    pub layout: Layout,
    /// What the check found: warnings and each language's coverage.
    pub report: check::Report,
}

impl Project {
    /// Loads the records, the locales of their languages and the layout,
    /// then runs every check. Any error stops here with all errors found.
    pub fn load(paths: &Paths, options: &Options) -> Result<Project, Diagnostics> {
        let model = model::load(&paths.sources)?;
        let locales = load_locales(&model, &paths.templates);
        let layout = layout::load(&paths.templates);
        let (locales, layout) = match (locales, layout) {
            (Ok(l), Ok(y)) => (l, y),
            (l, y) => {
                let mut diags = l.err().unwrap_or_default();
                diags.extend(y.err().unwrap_or_default());
                return Err(diags);
            }
        };
        let report = check::check(&model, &locales, options);
        if report.diags.iter().any(Diagnostic::is_error) {
            return Err(report.diags);
        }
        Ok(Project {
            paths: paths.clone(),
            model,
            locales,
            layout,
            report,
        })
    }

    /// The locales of the given languages (all when empty).
    pub fn locales_of(&self, langs: &[String]) -> Vec<&LocaleFile> {
        self.locales
            .iter()
            .filter(|l| langs.is_empty() || langs.iter().any(|x| x == l.code()))
            .collect()
    }

    /// The document of one language.
    pub fn assemble(&self, locale: &LocaleFile) -> Result<crate::doc::Doc, Diagnostics> {
        crate::assemble::assemble(&self.model, locale, &self.layout)
    }

    /// One line saying what was found, e.g. for `check`.
    pub fn summary(&self) -> String {
        let count = |plural: &str| self.model.count(plural).unwrap_or(0);
        let revised = match self.model.file_field("resolutions.toml", "revised") {
            Some((model::FieldValue::Int(n), _)) => *n,
            _ => 0,
        };
        let langs: Vec<&str> = self.locales.iter().map(LocaleFile::code).collect();
        format!(
            "{} regions, {} initiatives, {} study groups, {} Questions, {} new resolutions ({revised} revised), {} priorities, {} product categories, {} enablers, {} outputs, {} figures, {} sections; languages: {}",
            count("regions"),
            count("initiatives"),
            count("study_groups"),
            count("questions"),
            count("resolutions"),
            count("priorities"),
            count("products"),
            count("enablers"),
            count("outputs"),
            count("figures"),
            self.model.sections.len(),
            langs.join(", "),
        )
    }
}

/// Loads `templates/locales/<code>.toml` for every configured language.
fn load_locales(model: &Model, templates: &Dir) -> Result<Vec<LocaleFile>, Diagnostics> {
    let report = &model.report;
    let mut locales = Vec::new();
    let mut diags = Diagnostics::new();
    for lang in report.languages.get_ref() {
        let code = lang.get_ref();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let rel = Path::new(LOCALES_DIR).join(format!("{code}.toml"));
        let path = templates.show(&rel);
        if !templates.real.join(&rel).exists() {
            diags.push(
                Diagnostic::error(format!("no locale for language `{code}`"))
                    .at(report.file.span(lang.span()), "configured here")
                    .with_help(format!(
                        "create {} with the labels of this language",
                        path.display()
                    )),
            );
            continue;
        }
        match locale::load(templates, code) {
            Ok(locale) => locales.push(locale),
            Err(errors) => diags.extend(errors),
        }
    }
    if diags.is_empty() {
        Ok(locales)
    } else {
        Err(diags)
    }
}
