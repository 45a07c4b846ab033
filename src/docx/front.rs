//! The top of page 1, as in ITU documents and the PDF: group and meeting
//! on the left, document number, date and original language on the right
//! (a borderless two-column table); an ITU-blue rule; source and title;
//! then summary, action required and references in one ruled box (a
//! one-cell table with borders).

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, SpecialIndentType, Table, TableCell, TableCellMargins, TableLayoutType,
    TableRow, WidthType,
};

use super::blocks::{Context, Flow};
use super::page::TEXT_WIDTH;
use super::tables::single_borders;
use crate::diag::Diagnostic;
use crate::doc::Doc;

/// ITU blue.
const ITU_BLUE: &str = "009CD6";
/// Size of the group's name: 13 pt (in half-points), as in the PDF.
const GROUP_SIZE: usize = 26;
/// Width of the right-hand column of the header block: 5 cm in twips,
/// leaving the group's name 12 cm to fit on one line.
const RIGHT_COLUMN: u32 = 2835;
/// Width of the labels "Source:" and "Title:": 2.5 cm in twips.
const LABEL_WIDTH: i32 = 1418;
/// Inner margin of the front-matter box: 8 pt in twips.
const BOX_MARGIN: usize = 160;

/// Adds the top of page 1 and the front matter to the flow.
pub fn front(doc: &Doc, cx: &mut Context<'_>, flow: &mut Flow) -> Result<(), Diagnostic> {
    flow.table(header_block(doc));
    flow.paragraph(rule());
    let meta = &doc.meta;
    flow.paragraph(labelled(
        &meta.source_label,
        Run::new().add_text(&meta.source),
        0,
    ));
    flow.paragraph(labelled(
        &meta.title_label,
        Run::new().add_text(&meta.title).bold(),
        240,
    ));
    if !doc.front.is_empty() {
        let outer = std::mem::replace(&mut cx.width, TEXT_WIDTH - 2 * BOX_MARGIN as u32);
        let mut inner = Flow::default();
        for (i, part) in doc.front.iter().enumerate() {
            let label = Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_text(&part.label).bold());
            inner.paragraph(if i == 0 {
                label.line_spacing(LineSpacing::new().before(0))
            } else {
                label
            });
            cx.blocks(&part.blocks, &mut inner)?;
        }
        cx.width = outer;
        let cell = inner.into_cell(TableCell::new().width(TEXT_WIDTH as usize, WidthType::Dxa));
        flow.table(
            Table::new(vec![TableRow::new(vec![cell])])
                .set_grid(vec![TEXT_WIDTH as usize])
                .width(TEXT_WIDTH as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .set_borders(single_borders())
                .margins(
                    TableCellMargins::new().margin(BOX_MARGIN, BOX_MARGIN, BOX_MARGIN, BOX_MARGIN),
                ),
        );
    }
    Ok(())
}

/// A paragraph of the header block: no space before, aligned as given.
fn line(align: AlignmentType, run: Run) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0))
        .add_run(run)
}

fn header_block(doc: &Doc) -> Table {
    let meta = &doc.meta;
    let left_width = TEXT_WIDTH - RIGHT_COLUMN;
    let left = TableCell::new()
        .width(left_width as usize, WidthType::Dxa)
        .add_paragraph(line(
            AlignmentType::Left,
            Run::new()
                .add_text(&meta.group)
                .bold()
                .size(GROUP_SIZE)
                .color(ITU_BLUE),
        ))
        .add_paragraph(line(
            AlignmentType::Left,
            Run::new().add_text(&meta.meeting).bold(),
        ));
    let right = TableCell::new()
        .width(RIGHT_COLUMN as usize, WidthType::Dxa)
        .add_paragraph(line(
            AlignmentType::Right,
            Run::new().add_text(&meta.document).bold(),
        ))
        .add_paragraph(line(AlignmentType::Right, Run::new().add_text(&meta.date)))
        .add_paragraph(line(
            AlignmentType::Right,
            Run::new().add_text(&meta.original),
        ));
    Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![left_width as usize, RIGHT_COLUMN as usize])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// The ITU-blue rule under the header block: the bottom border (0.75 pt)
/// of a small empty paragraph.
fn rule() -> Paragraph {
    let mut p = Paragraph::new()
        .line_spacing(LineSpacing::new().before(0).after(120))
        .size(8);
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color(ITU_BLUE),
        ),
    );
    p
}

/// "Source:" or "Title:" in bold, a tab, then the value; wrapped lines
/// hang under the value.
fn labelled(label: &str, value: Run, after: u32) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Left)
        .indent(
            Some(LABEL_WIDTH),
            Some(SpecialIndentType::Hanging(LABEL_WIDTH)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(120).after(after))
        .add_run(Run::new().add_text(label).bold().add_tab())
        .add_run(value)
}
