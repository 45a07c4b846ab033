//! The PDF writer: a compiled report exported as PDF/A-2b and PDF/UA-1
//! (Typst enforces both), tagged, with a fixed identifier and time stamp,
//! so that the same inputs give the same bytes.

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Diagnostics};
use crate::typeset::{self, ReportWorld};

/// Exports a compiled document.
pub fn export(
    world: &ReportWorld,
    document: &PagedDocument,
    ident: &str,
    timestamp: Datetime,
) -> Result<Vec<u8>, Diagnostics> {
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
    typst_pdf::pdf(document, &options)
        .map_err(|errors| errors.iter().map(|d| typeset::convert(world, d)).collect())
}
