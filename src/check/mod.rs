//! Validation of the model: every rule reports its own located error with
//! its fix, and all problems of a run are collected. Rules by area: ids and
//! references ([`refs`]), structure (sections, blocks, tables, figures,
//! periods: [`structure`]), texts and placeholders ([`texts`]), prose that
//! types a fact a record holds ([`lint`]), and fonts ([`glyphs`]).

mod glyphs;
mod lint;
mod refs;
mod structure;
mod texts;

use std::collections::BTreeSet;

pub use glyphs::{Coverage, check_glyphs};
pub use texts::MAX_TEXT_CHARS;

use crate::chars::{ascii_look_alike, describe_char, is_bidi_control};

use crate::diag::{Diagnostic, Diagnostics};
use crate::locale::LocaleFile;
use crate::model::Model;

/// How strict the check is.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Languages whose missing texts are counted, not errors: a team can
    /// work on a new language before it is complete.
    pub allow_missing: Vec<String>,
    /// The languages about to be built (empty: all): the missing texts of
    /// the others are counted, not errors.
    pub building: Vec<String>,
}

impl Options {
    /// Whether the missing texts of `lang` are counted rather than errors.
    pub fn may_miss(&self, lang: &str) -> bool {
        self.allow_missing.iter().any(|l| l == lang)
            || (!self.building.is_empty() && !self.building.iter().any(|l| l == lang))
    }
}

/// What a check found besides errors: how many texts each language has.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every problem, errors and warnings.
    pub diags: Diagnostics,
    /// Per language: texts given, texts missing.
    pub coverage: Vec<(String, usize, usize)>,
}

/// Runs every rule over the model with the locales of the configured
/// languages (in the order of `languages`).
pub fn check(model: &Model, locales: &[LocaleFile], options: &Options) -> Report {
    let langs: Vec<&str> = locales.iter().map(LocaleFile::code).collect();
    let mut c = Checker {
        model,
        langs: &langs,
        locales,
        options,
        diags: Vec::new(),
    };
    c.report();
    c.ids();
    c.references();
    c.collections();
    c.periods();
    c.sections();
    c.blocks();
    c.figures();
    // The texts here, their placeholders and derived facts on a thread of
    // their own: they are independent and most of the check's time.
    let mut other = c.fork();
    let coverage = std::thread::scope(|scope| {
        let others = scope.spawn(move || {
            other.placeholders();
            other.derived_facts();
            other.diags
        });
        let coverage = c.texts();
        match others.join() {
            Ok(diags) => c.diags.extend(diags),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        coverage
    });
    c.allowed_missing();
    Report {
        diags: dedup(c.diags),
        coverage,
    }
}

/// Drops repeated diagnostics (the same text reached through two paths).
fn dedup(diags: Diagnostics) -> Diagnostics {
    let mut seen = BTreeSet::new();
    diags
        .into_iter()
        .filter(|d| {
            let place = d
                .span
                .as_ref()
                .map(|(s, _)| (s.file.path().to_path_buf(), s.range.start));
            seen.insert((d.message.clone(), place))
        })
        .collect()
}

struct Checker<'a> {
    model: &'a Model,
    langs: &'a [&'a str],
    locales: &'a [LocaleFile],
    options: &'a Options,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn push(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    /// A checker of the same model, with no diagnostics yet.
    fn fork(&self) -> Self {
        Checker {
            diags: Vec::new(),
            ..*self
        }
    }
}
