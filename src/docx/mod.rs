//! The Word writer (being written).

use crate::diag::Diagnostic;
use crate::doc::Doc;
use crate::figures::FigureImage;

/// Writes the document as DOCX bytes.
pub fn write(
    _doc: &Doc,
    _figures: &[FigureImage],
    _created: time::OffsetDateTime,
) -> Result<Vec<u8>, Diagnostic> {
    Err(Diagnostic::error("the Word writer is not written yet"))
}
