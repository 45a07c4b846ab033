//! Typesetting with embedded Typst: the world, the fonts, the glyph check,
//! compiling the template and turning Typst's diagnostics into ours.

pub mod fonts;
mod layout_loop;
pub mod world;

use std::sync::Arc;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst::syntax::VirtualRoot;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Doc;
use crate::source::Dir;
use crate::span::SourceFile;

pub use fonts::{FontOptions, FontSet};
pub use world::ReportWorld;

/// The main template of the report.
pub const REPORT_TEMPLATE: &str = "/report.typ";
/// The template of the parallel (two-language) edition.
pub const PARALLEL_TEMPLATE: &str = "/parallel.typ";

/// The document model as the JSON file `/doc.json` the templates read.
pub fn doc_json(doc: &Doc) -> Result<Vec<u8>, Diagnostic> {
    serde_json::to_vec(doc)
        .map_err(|e| Diagnostic::error(format!("cannot serialize the document: {e}")))
}

/// The two documents of a parallel edition as the JSON file `/doc.json`
/// the parallel template reads: `{"left": …, "right": …}`.
pub fn parallel_json(left: &Doc, right: &Doc) -> Result<Vec<u8>, Diagnostic> {
    #[derive(serde::Serialize)]
    struct Pair<'a> {
        left: &'a Doc,
        right: &'a Doc,
    }
    serde_json::to_vec(&Pair { left, right })
        .map_err(|e| Diagnostic::error(format!("cannot serialize the documents: {e}")))
}

/// A world that compiles `template` (e.g. [`REPORT_TEMPLATE`]) over the
/// document model serialized as JSON.
pub fn world(
    json: Vec<u8>,
    templates: &Dir,
    template: &str,
    fonts: Arc<FontSet>,
    today: Datetime,
) -> ReportWorld {
    ReportWorld::new(templates, template, json, fonts, today)
}

/// Compiles a world's main file. Errors and warnings come back located in
/// the templates.
pub fn compile(world: &ReportWorld) -> Result<(PagedDocument, Diagnostics), Diagnostics> {
    compile_with(world, false)
}

/// Compiles a large document: as [`compile`], with Typst's caches emptied
/// between the evaluation and the layout, so that what the evaluation
/// cached does not add to the layout's peak of memory. Slower when the
/// caches would have been reused (`watch`).
pub fn compile_lean(world: &ReportWorld) -> Result<(PagedDocument, Diagnostics), Diagnostics> {
    compile_with(world, true)
}

fn compile_with(
    world: &ReportWorld,
    lean: bool,
) -> Result<(PagedDocument, Diagnostics), Diagnostics> {
    let Warned { output, warnings } = layout_loop::compile(world, lean);
    let warnings: Diagnostics = warnings.iter().map(|d| convert(world, d)).collect();
    match output {
        Ok(document) => Ok((document, warnings)),
        Err(errors) => {
            let mut diags: Diagnostics = errors.iter().map(|d| convert(world, d)).collect();
            diags.extend(warnings);
            Err(diags)
        }
    }
}

/// Turns a Typst diagnostic into ours, pointing into the template file.
pub fn convert(world: &ReportWorld, diag: &SourceDiagnostic) -> Diagnostic {
    let templates = &world.templates().shown;
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
