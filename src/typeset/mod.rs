//! Typesetting with embedded Typst: the world, the fonts, the glyph check,
//! compiling the template and turning Typst's diagnostics into ours.

pub mod fonts;
pub mod world;

use std::path::Path;
use std::sync::Arc;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst::syntax::VirtualRoot;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Doc;
use crate::resolve::value_span;
use crate::source::SourceFile;

pub use fonts::{FontOptions, FontSet};
pub use world::ReportWorld;

/// The main template of the report.
pub const REPORT_TEMPLATE: &str = "/report.typ";
/// The template that lays out each figure on a page of its own.
pub const FIGURE_TEMPLATE: &str = "/figure.typ";

/// The document model as the JSON file `/doc.json` the templates read.
pub fn doc_json(doc: &Doc) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(doc)
        .map_err(|e| Diagnostic::error(format!("cannot serialize the document: {e}")))
}

/// A world that compiles `template` (e.g. [`REPORT_TEMPLATE`]) over the
/// document.
pub fn world(
    doc: &Doc,
    templates: &Path,
    template: &str,
    fonts: Arc<FontSet>,
    today: Datetime,
) -> Result<ReportWorld, Diagnostic> {
    Ok(ReportWorld::new(
        templates,
        template,
        doc_json(doc)?,
        fonts,
        today,
    ))
}

/// Compiles a world's main file. Errors and warnings come back located in
/// the templates.
pub fn compile(
    world: &ReportWorld,
    templates: &Path,
) -> Result<(PagedDocument, Diagnostics), Diagnostics> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let warnings: Diagnostics = warnings
        .iter()
        .map(|d| convert(world, templates, d))
        .collect();
    match output {
        Ok(document) => Ok((document, warnings)),
        Err(errors) => {
            let mut diags: Diagnostics = errors
                .iter()
                .map(|d| convert(world, templates, d))
                .collect();
            diags.extend(warnings);
            Err(diags)
        }
    }
}

/// Turns a Typst diagnostic into ours, pointing into the template file.
pub fn convert(world: &ReportWorld, templates: &Path, diag: &SourceDiagnostic) -> Diagnostic {
    let mut out = match diag.severity {
        TypstSeverity::Error => Diagnostic::error(diag.message.to_string()),
        TypstSeverity::Warning => Diagnostic::warning(diag.message.to_string()),
    };
    let located = diag
        .span
        .id()
        .filter(|id| *id.root() == VirtualRoot::Project)
        .and_then(|id| {
            let source = world.source(id).ok()?;
            let range = world.range(diag.span)?;
            let path = templates.join(id.vpath().get_without_slash());
            Some(SourceFile::new(path, source.text().to_string()).span(range))
        });
    if let Some(span) = located {
        out = out.at(span, "");
    } else {
        out = out.in_file(templates.join(world.main().vpath().get_without_slash()));
    }
    // Hints about the typst CLI's own options (`--root`) do not apply here.
    let hints: Vec<String> = diag
        .hints
        .iter()
        .map(|h| h.v.to_string())
        .filter(|h| !h.contains("--root"))
        .collect();
    if !hints.is_empty() {
        out = out.with_help(hints.join("; "));
    }
    out
}

/// A date as Typst's datetime.
pub fn datetime(year: i32, month: u8, day: u8) -> Option<Datetime> {
    Datetime::from_ymd(year, month, day)
}

/// Checks that some font has a glyph for every character the editions will
/// print: the record texts in every language and the locales' words. Each
/// missing character is reported once, where it first occurs.
pub fn check_glyphs(project: &crate::Project, fonts: &FontSet) -> Diagnostics {
    let mut missing = std::collections::BTreeMap::new();
    let index = project.index();
    let mut look = |file: &SourceFile, value: &toml::Spanned<String>| {
        for (i, c) in value.get_ref().char_indices() {
            if c.is_whitespace() || c.is_control() || missing.contains_key(&c) || fonts.covers(c) {
                continue;
            }
            missing.insert(c, value_span(file, value, i..i + c.len_utf8()));
        }
    };
    for text in index.texts() {
        for (_, value) in text.text.entries() {
            look(text.file, value);
        }
    }
    for locale in &project.locales {
        for value in crate::source::string_values(&locale.file) {
            look(&locale.file, &value);
        }
    }
    missing
        .into_iter()
        .map(|(c, span)| {
            Diagnostic::error(format!("no font has a glyph for {}", crate::check::describe_char(c)))
                .at(span, "cannot be printed")
                .with_help(
                    "re-run templates/fonts/subset.py if the pinned fonts should have it, or add a font with --font-path DIR",
                )
        })
        .collect()
}
