//! Page geometry (A4, 20 mm margins, like the PDF) and the running header:
//! none on page 1, the page number and the document number from page 2.

use docx_rs::{Docx, Header, PageMargin, PageNum, Paragraph, Run};

use super::styles;
use crate::doc::Doc;

/// A4 width in twips (1/20 pt).
pub const PAGE_WIDTH: u32 = 11906;
/// A4 height in twips.
pub const PAGE_HEIGHT: u32 = 16838;
/// The margins: 20 mm in twips.
pub const MARGIN: u32 = 1134;
/// Width of the text: 170 mm in twips.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;
/// Distance of the header from the top edge: 12.5 mm.
const HEADER_DISTANCE: u32 = 709;
/// EMUs (the unit of drawings) per twip.
pub const EMU_PER_TWIP: u64 = 635;
/// EMUs per point.
pub const EMU_PER_PT: f64 = 12700.0;

/// Sets the page size, margins and headers of the document's one section.
pub fn setup(docx: Docx, doc: &Doc) -> Docx {
    let margin = MARGIN as i32;
    docx.page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin)
                .header(HEADER_DISTANCE as i32)
                .footer(HEADER_DISTANCE as i32)
                .gutter(0),
        )
        .header(running_header(doc))
        .first_header(Header::new().add_paragraph(Paragraph::new().style(styles::HEADER)))
        .title_pg()
}

/// The header of pages 2 onwards: the page number centred between the
/// locale's text before and after it, the document number on the right
/// (the Header style has a centre and a right tab stop).
fn running_header(doc: &Doc) -> Header {
    let mut before = Run::new().add_tab();
    if !doc.lang.page_before.is_empty() {
        before = before.add_text(&doc.lang.page_before);
    }
    let mut after = Run::new();
    if !doc.lang.page_after.is_empty() {
        after = after.add_text(&doc.lang.page_after);
    }
    after = after.add_tab().add_text(&doc.meta.number);
    Header::new().add_paragraph(
        Paragraph::new()
            .style(styles::HEADER)
            .add_run(before)
            .add_page_num(PageNum::new())
            .add_run(after),
    )
}
