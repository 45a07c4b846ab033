//! The PDF writer: the document model through the Typst template into PDF.

use std::path::Path;

use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Diagnostics};
use crate::typeset::{self, ReportWorld};

/// A typeset PDF.
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst's warnings.
    pub warnings: Diagnostics,
}

/// Compiles the world and exports PDF/A-2b and PDF/UA-1 (Typst enforces
/// both), tagged, with a fixed identifier
/// and a fixed timestamp, so that the same inputs give the same bytes.
pub fn typeset(
    world: &ReportWorld,
    templates: &Path,
    ident: &str,
    timestamp: Datetime,
) -> Result<Pdf, Diagnostics> {
    let (document, warnings) = typeset::compile(world, templates)?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
        .map_err(|e| vec![Diagnostic::error(format!("PDF standard: {}", e.message()))])?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!("tdag-report {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(timestamp)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|d| typeset::convert(world, templates, d))
            .collect::<Vec<_>>()
    })?;
    Ok(Pdf {
        bytes,
        pages: document.pages().len(),
        warnings,
    })
}
