//! A project: the loaded sources and the locales of their languages.

use std::path::{Path, PathBuf};

use crate::check;
use crate::diag::{Diagnostic, Diagnostics};
use crate::index::Index;
use crate::locale::{self, LOCALES_DIR, Locale};
use crate::source::{Loaded, Sources};

/// Where a project's inputs are.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The record files.
    pub sources: PathBuf,
    /// The Typst templates, locales and fonts.
    pub templates: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            sources: PathBuf::from("sources"),
            templates: PathBuf::from("templates"),
        }
    }
}

/// Loaded and checked inputs.
pub struct Project {
    /// Where they came from.
    pub paths: Paths,
    /// The records.
    pub sources: Sources,
    /// One locale per configured language, in edition order.
    pub locales: Vec<Loaded<Locale>>,
}

impl Project {
    /// Loads the records and the locales of their languages, then runs every
    /// check. Any error stops here with all errors found.
    pub fn load(paths: &Paths) -> Result<Project, Diagnostics> {
        let sources = Sources::load(&paths.sources)?;
        let locales = load_locales(&sources, &paths.templates)?;
        let diags = check::check(&sources, &locales);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        Ok(Project {
            paths: paths.clone(),
            sources,
            locales,
        })
    }

    /// Lookups over the records.
    pub fn index(&self) -> Index<'_> {
        Index::new(&self.sources)
    }

    /// One line saying what was found, e.g. for `check`.
    pub fn summary(&self) -> String {
        let index = self.index();
        let count = |c: &str| index.count(c).unwrap_or(0);
        let langs: Vec<&str> = self
            .locales
            .iter()
            .map(|l| l.value.code.get_ref().as_str())
            .collect();
        format!(
            "{} regions, {} initiatives, {} study groups, {} Questions, {} new resolutions ({} revised), {} priorities, {} product categories, {} enablers, {} outputs, {} figures, {} sections; languages: {}",
            count("regions"),
            count("initiatives"),
            count("study_groups"),
            count("questions"),
            count("resolutions"),
            self.sources.resolutions.value.revised.get_ref(),
            count("priorities"),
            count("products"),
            count("enablers"),
            count("outputs"),
            self.sources.figures.value.figure.len(),
            self.sources.sections.len(),
            langs.join(", "),
        )
    }
}

/// Loads `templates/locales/<code>.toml` for every configured language.
fn load_locales(sources: &Sources, templates: &Path) -> Result<Vec<Loaded<Locale>>, Diagnostics> {
    let report = &sources.report;
    let mut locales = Vec::new();
    let mut diags = Diagnostics::new();
    for lang in report.value.languages.get_ref() {
        let code = lang.get_ref();
        let path = templates.join(LOCALES_DIR).join(format!("{code}.toml"));
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        if !path.exists() {
            diags.push(
                Diagnostic::error(format!("no locale for language `{code}`"))
                    .at(report.span(lang), "configured here")
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
