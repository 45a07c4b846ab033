//! The Word writer: the document model as a DOCX file that behaves like a
//! well-made Word document, laid out like the PDF.
//!
//! docx-rs builds the body and the headers; its parts are then parsed and
//! set right ([`fixups`], [`schema`]) where docx-rs cannot say what is
//! needed (`w:tblHeader`, picture descriptions) or says it out of schema
//! order. The style sheet, list definitions, settings and document
//! properties are written here ([`styles`], [`lists`], [`parts`]), and
//! [`package`] zips everything deterministically.

mod blocks;
mod fixups;
mod front;
mod lists;
mod package;
mod page;
mod parts;
mod pictures;
#[cfg(test)]
mod sample;
mod schema;
mod styles;
mod tables;
mod text;
mod xml;

use docx_rs::Docx;

use crate::diag::Diagnostic;
use crate::doc::Doc;
use crate::figures::FigureImage;
use blocks::{Context, Flow};

/// Writes the document as DOCX bytes. `figures` are the pictures of the
/// document's figures, matched by id; `created` is the time stamp of the
/// document properties. The same arguments always give the same bytes.
pub fn write(
    doc: &Doc,
    figures: &[FigureImage],
    created: time::OffsetDateTime,
) -> Result<Vec<u8>, Diagnostic> {
    text::check(doc)?;
    let mut cx = Context::new(figures);
    let mut flow = Flow::default();
    front::front(doc, &mut cx, &mut flow)?;
    cx.blocks(&doc.body, &mut flow)?;
    let docx = flow.into_body(page::setup(Docx::new(), doc));
    package::package(docx.build(), doc, &cx, created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created() -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(1_682_640_000).unwrap()
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        let doc = sample::doc();
        let figures = sample::figures();
        let first = write(&doc, &figures, created()).unwrap();
        // Paragraphs made on another thread draw other ids from docx-rs.
        let second = std::thread::spawn(move || {
            let _ = docx_rs::Paragraph::new();
            write(&doc, &figures, created()).unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn a_missing_picture_is_an_error() {
        let err = write(&sample::doc(), &[], created()).unwrap_err();
        assert!(err.message.contains("work-cycles"), "{}", err.message);
    }

    #[test]
    fn an_empty_document_is_written() {
        let mut doc = sample::doc();
        doc.front.clear();
        doc.body.clear();
        doc.meta.title.clear();
        assert!(write(&doc, &[], created()).is_ok());
    }
}
