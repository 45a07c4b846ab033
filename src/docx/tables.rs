//! The report's tables: caption above, a header row that repeats on every
//! page, group rows across all columns, column widths from the model,
//! single 0.5 pt borders all round and inside.

use docx_rs::{
    BorderType, Paragraph, Run, Shading, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::styles;
use crate::diag::Diagnostic;
use crate::doc::{self, Row};

/// Fill of header cells (the PDF's `luma(235)`).
const HEAD_FILL: &str = "EBEBEB";
/// Fill of group rows (the PDF's `luma(248)`).
const GROUP_FILL: &str = "F8F8F8";

/// The caption paragraph and the table, `width` twips wide.
///
/// The header row is marked as such by the table style
/// [`styles::REPORT_TABLE`]; `w:tblHeader`, which docx-rs cannot write, is
/// added to it when the package is put together.
pub fn report_table(table: &doc::Table, width: u32) -> Result<(Paragraph, Table), Diagnostic> {
    if table.columns.is_empty() {
        return Err(Diagnostic::error(format!(
            "table `{}` has no columns",
            table.id
        )));
    }
    let grid = grid(
        &table.columns.iter().map(|c| c.width).collect::<Vec<_>>(),
        width,
    );
    let header = TableRow::new(
        table
            .columns
            .iter()
            .zip(&grid)
            .map(|(column, &w)| {
                cell(styles::TABLE_HEAD, &column.header, w).shading(fill(HEAD_FILL))
            })
            .collect(),
    );
    let mut rows = vec![header.cant_split()];
    for row in &table.rows {
        let row = match row {
            Row::Group { text } => TableRow::new(vec![
                cell(styles::TABLE_GROUP, text, width)
                    .grid_span(grid.len())
                    .shading(fill(GROUP_FILL)),
            ]),
            Row::Cells { cells } => {
                if cells.len() > grid.len() {
                    return Err(Diagnostic::error(format!(
                        "a row of table `{}` has {} cells for {} columns",
                        table.id,
                        cells.len(),
                        grid.len()
                    )));
                }
                let texts = cells
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat(""));
                TableRow::new(
                    texts
                        .zip(&grid)
                        .map(|(text, &w)| cell(styles::TABLE_TEXT, text, w))
                        .collect(),
                )
            }
        };
        // Rows are a few lines long: each is kept on one page.
        rows.push(row.cant_split());
    }
    let caption = Paragraph::new()
        .style(styles::CAPTION)
        .keep_next(true)
        .add_run(Run::new().add_text(&table.caption));
    let table = Table::new(rows)
        .style(styles::REPORT_TABLE)
        .set_grid(grid.iter().map(|&w| w as usize).collect())
        .width(width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(single_borders())
        .margins(TableCellMargins::new().margin(
            styles::CELL_MARGIN_Y,
            styles::CELL_MARGIN_X,
            styles::CELL_MARGIN_Y,
            styles::CELL_MARGIN_X,
        ));
    Ok((caption, table))
}

fn cell(style: &str, text: &str, width: u32) -> TableCell {
    TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .add_paragraph(
            Paragraph::new()
                .style(style)
                .add_run(Run::new().add_text(text)),
        )
}

fn fill(color: &str) -> Shading {
    Shading::new().color("auto").fill(color)
}

/// Single 0.5 pt black lines all round and inside (`w:sz` is in eighths
/// of a point).
pub fn single_borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| {
        borders.set(
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(4)
                .color("000000"),
        )
    })
}

/// Column widths in twips: shares of `total` in proportion to the model's
/// percentages, the last column taking what rounding leaves, so that the
/// table is exactly as wide as the text. Columns of no width share
/// equally when no column has one.
pub fn grid(shares: &[u32], total: u32) -> Vec<u32> {
    let sum: u64 = shares.iter().map(|&s| u64::from(s)).sum();
    let equal = u64::from(total) / shares.len().max(1) as u64;
    let mut widths: Vec<u32> = shares
        .iter()
        .map(|&s| {
            let width = (u64::from(total) * u64::from(s))
                .checked_div(sum)
                .unwrap_or(equal);
            u32::try_from(width).unwrap_or(total)
        })
        .collect();
    if let Some((last, rest)) = widths.split_last_mut() {
        *last = total.saturating_sub(rest.iter().sum());
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_fills_the_text_width() {
        assert_eq!(grid(&[15, 85], 9638), vec![1445, 8193]);
        assert_eq!(grid(&[20, 40, 40], 9638).iter().sum::<u32>(), 9638);
        assert_eq!(grid(&[0, 0], 100), vec![50, 50]);
        assert_eq!(grid(&[50, 60], 110), vec![50, 60]);
    }
}
