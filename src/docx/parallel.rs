//! The body of a parallel edition in Word: two editions of the same
//! records side by side, block by block, in borderless two-column tables
//! whose cells carry their own language (so that Word proofs each column in
//! its language); tables and figures, too wide for a column, follow one
//! another across the page, each in a full-width cell of its language.

use docx_rs::{
    Docx, LineSpacing, LineSpacingType, Paragraph, Table, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};

use super::body::{CellLang, Flow, Keys, Tracking, Writer};
use crate::diag::Diagnostic;
use crate::doc::{Block, Doc};
use crate::figures::FigureImage;
use crate::locale::{Direction, WordScript};

/// Bookmark ids of the language cells start here, above any list or table
/// bookmark id of the two columns.
const CELL_BOOKMARKS: usize = 100_000;

/// One column: its document and writer.
struct Column<'a> {
    doc: &'a Doc,
    writer: Writer<'a>,
    lang: CellLang,
    name: &'static str,
}

/// The body of the parallel edition of `a` (left) and `b` (right), with
/// each one's figure pictures.
pub fn write(
    a: &Doc,
    b: &Doc,
    pictures: [&[FigureImage]; 2],
    tracking: Option<Tracking>,
) -> Result<(Docx, Keys), Diagnostic> {
    if a.body.len() != b.body.len() {
        return Err(Diagnostic::error(format!(
            "the `{}` and `{}` editions have {} and {} blocks: they cannot stand side by side",
            a.lang.code,
            b.lang.code,
            a.body.len(),
            b.body.len()
        )));
    }
    let width = a.layout.page.text_width().twips();
    let gutter = a.layout.indent.number.twips();
    // Each cell is half the width, the gutter split between their margins.
    let column_width = (width / 2).saturating_sub(gutter);
    let mut columns = [
        Column {
            doc: a,
            writer: Writer::new(a, pictures[0], tracking.clone()).column("A", 0, column_width),
            lang: cell_lang(a),
            name: "A",
        },
        Column {
            doc: b,
            writer: Writer::new(b, pictures[1], tracking).column("B", 1000, column_width),
            lang: cell_lang(b),
            name: "B",
        },
    ];
    let mut sheet = Sheet {
        body: Flow::default(),
        rows: Vec::new(),
        cells: Keys::default(),
        width,
        gutter,
    };
    // LibreOffice puts page 1's header (none) on the page of the first
    // paragraph; a document that opens with a table needs one, invisible.
    sheet.body.paragraph(
        Paragraph::new()
            .line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(20)
                    .line_rule(LineSpacingType::Exact),
            )
            .size(2),
    );
    let mut fronts = Vec::new();
    for c in columns.iter_mut() {
        let mut flow = Flow::default();
        c.writer.front(c.doc, &mut flow)?;
        fronts.push(flow);
    }
    sheet.pair(&columns, fronts);
    for (x, y) in a.body.iter().zip(&b.body) {
        let wide = matches!(x, Block::Table(_) | Block::Figure(_));
        let mut flows = Vec::new();
        for (c, block) in columns.iter_mut().zip([x, y]) {
            c.writer.set_width(if wide { width } else { column_width });
            let mut flow = Flow::default();
            c.writer.blocks(std::slice::from_ref(block), &mut flow)?;
            flows.push(flow);
        }
        if wide {
            sheet.flush();
            for (c, flow) in columns.iter().zip(flows) {
                let cell = sheet.cell(c, flow, width);
                let table = sheet.table(vec![TableRow::new(vec![cell])], &[width]);
                sheet.body.table(table);
            }
        } else {
            sheet.pair(&columns, flows);
        }
    }
    sheet.flush();
    let [left, right] = columns;
    let number = format!("{} / {}", a.meta.number, b.meta.number);
    let mut docx = left.writer.page(Docx::new(), a, &number);
    docx = sheet.body.into_body(docx);
    docx = right.writer.numberings(left.writer.numberings(docx));
    let mut keys = left.writer.into_keys();
    // Every cell says its own direction; the document's is neither.
    keys.rtl = false;
    keys.merge(right.writer.into_keys());
    keys.merge(sheet.cells);
    Ok((docx, keys))
}

/// The language a column's cells carry.
fn cell_lang(doc: &Doc) -> CellLang {
    let lang = &doc.lang;
    let slot = match lang.word_script {
        WordScript::Latin => "w:val",
        WordScript::EastAsian => "w:eastAsia",
        WordScript::Complex => "w:bidi",
    };
    CellLang {
        lang: (slot, lang.tag.clone()),
        fonts: [
            lang.docx_latin.clone(),
            lang.docx_east_asia.clone(),
            lang.docx_complex.clone(),
        ],
        rtl: lang.dir == Direction::Rtl,
    }
}

/// The body being written: rows of side-by-side cells waiting to become a
/// table, and the keys of the language cells.
struct Sheet {
    body: Flow,
    rows: Vec<TableRow>,
    cells: Keys,
    width: u32,
    gutter: u32,
}

impl Sheet {
    /// A row of the two columns' flows side by side.
    fn pair(&mut self, columns: &[Column; 2], flows: Vec<Flow>) {
        let half = self.width / 2;
        let widths = [half, self.width - half];
        let cells = columns
            .iter()
            .zip(flows)
            .zip(widths)
            .map(|((c, flow), w)| self.cell(c, flow, w))
            .collect();
        self.rows.push(TableRow::new(cells));
    }

    /// A cell of a column's language, keyed by a bookmark for the fix-up.
    fn cell(&mut self, column: &Column, mut flow: Flow, width: u32) -> TableCell {
        let id = CELL_BOOKMARKS + self.cells.cells.len();
        let name = format!("_Lang{}{}", column.name, self.cells.cells.len() + 1);
        flow.bookmark(id, &name);
        self.cells.cells.insert(name, column.lang.clone());
        flow.into_cell(TableCell::new().width(width as usize, WidthType::Dxa))
    }

    /// The rows so far as one two-column table in the body.
    fn flush(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let half = self.width / 2;
        let rows = std::mem::take(&mut self.rows);
        let table = self.table(rows, &[half, self.width - half]);
        self.body.table(table);
    }

    /// A borderless table of fixed columns, the gutter split between the
    /// cells' inner margins.
    fn table(&self, rows: Vec<TableRow>, grid: &[u32]) -> Table {
        let margin = if grid.len() > 1 {
            self.gutter as usize / 2
        } else {
            0
        };
        Table::without_borders(rows)
            .set_grid(grid.iter().map(|&w| w as usize).collect())
            .width(grid.iter().sum::<u32>() as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, margin, 0, margin))
    }
}
