//! The body of a Word edition through docx-rs: the header block, the front
//! matter's box, headings, numbered paragraphs, Word lists, tables with
//! group rows, figures as pictures, footnotes, hyperlinks, and revision
//! marks as real tracked changes. What docx-rs cannot say is given an
//! explicit key here (a bookmark in a table, the picture's relationship id)
//! for [`super::fixup`] to complete.

use std::collections::HashMap;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, Delete, Docx, Footnote, Header, Hyperlink,
    HyperlinkType, IndentLevel, Insert, Level, LevelJc, LevelText, LineSpacing, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Pic, Run, Shading, SpecialIndentType, Start, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType,
    TableRow, WidthType,
};

use crate::diag::Diagnostic;
use crate::doc::{Block, Doc, Figure, HeaderLine, Inline, Mark, Row};
use crate::figures::FigureImage;
use crate::layout::{Layout, Pt};
use crate::locale::Direction;

/// Style ids of `templates/word/styles.xml` that the body uses.
mod style {
    pub const HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
    pub const CAPTION: &str = "Caption";
    pub const FIGURE: &str = "Figure";
    pub const LIST: &str = "ListParagraph";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEAD: &str = "TableHead";
    pub const TABLE_GROUP: &str = "TableGroup";
    pub const HEADER: &str = "Header";
    pub const FOOTNOTE: &str = "FootnoteText";
    pub const HYPERLINK: &str = "Hyperlink";
    pub const REPORT_TABLE: &str = "ReportTable";
}

/// What the fix-up needs to know of the body, by key.
#[derive(Debug, Default)]
pub struct Keys {
    /// Report tables: the bookmark in their header row → their caption.
    pub tables: HashMap<String, String>,
    /// Pictures: their relationship id → figure id and description (a
    /// queue, in document order: docx-rs gives pictures of identical bytes
    /// one relationship).
    pub pictures: HashMap<String, std::collections::VecDeque<(String, String)>>,
    /// Whether the edition runs right to left.
    pub rtl: bool,
    /// Table cells in a language of their own (a parallel edition's
    /// columns): the bookmark in the cell → the language.
    pub cells: HashMap<String, CellLang>,
}

/// The language of a table cell's runs, where it is not the document's.
#[derive(Clone, Debug)]
pub struct CellLang {
    /// The `w:lang` attribute and value, e.g. `("w:bidi", "ar-SA")`.
    pub lang: (&'static str, String),
    /// The Latin, East Asian and complex-script fonts.
    pub fonts: [String; 3],
    /// Whether its runs and tables run right to left.
    pub rtl: bool,
}

impl Keys {
    /// Adds the keys of another part of the same document.
    pub fn merge(&mut self, other: Keys) {
        self.tables.extend(other.tables);
        self.pictures.extend(other.pictures);
        self.cells.extend(other.cells);
    }
}

/// Author and date of tracked changes.
#[derive(Clone, Debug)]
pub struct Tracking {
    /// Who made the changes.
    pub author: String,
    /// When, as `2023-04-28T00:00:00Z`.
    pub date: String,
}

/// How the runs of a paragraph look besides their own style.
#[derive(Default)]
struct Look {
    bold: bool,
    /// Size in half-points.
    size: Option<usize>,
    /// RRGGBB.
    colour: Option<String>,
}

const PLAIN: Look = Look {
    bold: false,
    size: None,
    colour: None,
};

const BOLD: Look = Look {
    bold: true,
    size: None,
    colour: None,
};

/// Paragraphs and tables in reading order, for the body or a table cell.
#[derive(Default)]
pub(super) struct Flow {
    items: Vec<Item>,
}

enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl Flow {
    pub(super) fn paragraph(&mut self, p: Paragraph) {
        self.items.push(Item::Paragraph(Box::new(p)));
    }

    /// Two tables in a row would run together into one in Word: an empty
    /// paragraph goes between them.
    pub(super) fn table(&mut self, t: Table) {
        if matches!(self.items.last(), Some(Item::Table(_))) {
            self.paragraph(Paragraph::new());
        }
        self.items.push(Item::Table(Box::new(t)));
    }

    /// Word ends a body or a cell with a paragraph.
    fn close(&mut self) {
        if !matches!(self.items.last(), Some(Item::Paragraph(_))) {
            self.paragraph(Paragraph::new());
        }
    }

    pub(super) fn into_body(mut self, mut docx: Docx) -> Docx {
        self.close();
        for item in self.items {
            docx = match item {
                Item::Paragraph(p) => docx.add_paragraph(*p),
                Item::Table(t) => docx.add_table(*t),
            };
        }
        docx
    }

    /// Puts a bookmark on the last paragraph (after closing the flow with
    /// one): the key of a table cell for the fix-up.
    pub(super) fn bookmark(&mut self, id: usize, name: &str) {
        self.close();
        if let Some(Item::Paragraph(p)) = self.items.last_mut() {
            let last = std::mem::replace(p.as_mut(), Paragraph::new());
            **p = last.add_bookmark_start(id, name).add_bookmark_end(id);
        }
    }

    pub(super) fn into_cell(mut self, mut cell: TableCell) -> TableCell {
        self.close();
        for item in self.items {
            cell = match item {
                Item::Paragraph(p) => cell.add_paragraph(*p),
                Item::Table(t) => cell.add_table(*t),
            };
        }
        cell
    }
}

/// Turns one edition into docx-rs's document.
pub struct Writer<'a> {
    layout: &'a Layout,
    pictures: &'a [FigureImage],
    rtl: bool,
    tracking: Option<Tracking>,
    /// List definitions by marker: the numbering id of each.
    lists: Vec<String>,
    keys: Keys,
    pictures_placed: usize,
    /// The width blocks may take, in twips.
    width: u32,
    /// Tells this writer's table bookmarks and picture ids apart from
    /// another's in the same document (a parallel edition).
    prefix: &'static str,
    /// The first numbering id of its lists, and of its bookmarks.
    list_base: usize,
    /// Whether the header block is one column (in a parallel edition).
    stacked: bool,
    /// Whether the language's paragraphs are justified.
    justify: bool,
}

impl<'a> Writer<'a> {
    /// A writer of `doc` with its figure pictures.
    pub fn new(doc: &'a Doc, pictures: &'a [FigureImage], tracking: Option<Tracking>) -> Self {
        let rtl = doc.lang.dir == Direction::Rtl;
        Writer {
            layout: &doc.layout,
            pictures,
            rtl,
            tracking,
            lists: Vec::new(),
            keys: Keys {
                rtl,
                ..Keys::default()
            },
            pictures_placed: 0,
            width: doc.layout.page.text_width().twips(),
            prefix: "",
            list_base: LIST_BASE,
            stacked: false,
            justify: doc.lang.justify,
        }
    }

    /// The writer of one column of a parallel edition: `prefix` keeps its
    /// keys apart from the other column's, `offset` its list and bookmark
    /// ids; blocks are `width` twips wide.
    pub fn column(mut self, prefix: &'static str, offset: usize, width: u32) -> Self {
        self.prefix = prefix;
        self.list_base = LIST_BASE + offset;
        self.width = width;
        self.stacked = true;
        self
    }

    /// The width blocks may take, in twips.
    pub(super) fn set_width(&mut self, width: u32) {
        self.width = width;
    }

    /// The list definitions of the lists written so far.
    pub(super) fn numberings(&self, mut docx: Docx) -> Docx {
        for (i, marker) in self.lists.iter().enumerate() {
            let id = i + self.list_base;
            docx = docx
                .add_abstract_numbering(self.list_definition(id, marker))
                .add_numbering(Numbering::new(id, id));
        }
        docx
    }

    /// The keys of what it wrote.
    pub(super) fn into_keys(self) -> Keys {
        self.keys
    }

    /// The document, and the keys of what the fix-up completes.
    pub fn write(mut self, doc: &Doc) -> Result<(Docx, Keys), Diagnostic> {
        let mut flow = Flow::default();
        self.front(doc, &mut flow)?;
        self.blocks(&doc.body, &mut flow)?;
        let docx = self.numberings(flow.into_body(self.page(Docx::new(), doc, &doc.meta.number)));
        Ok((docx, self.keys))
    }

    fn paragraph(&self) -> Paragraph {
        let mut p = Paragraph::new();
        if self.rtl {
            p.property = p.property.bidi(true);
        }
        if self.stacked {
            // A column of a parallel edition is justified as its language
            // is, whatever the document's style says.
            p = p.align(if self.justify {
                AlignmentType::Both
            } else {
                AlignmentType::Left
            });
        }
        p
    }

    /// A paragraph of inline content in a style.
    fn para(&self, style: Option<&str>, runs: &[Inline], mark: Mark) -> Paragraph {
        let mut p = self.paragraph();
        if let Some(style) = style {
            p = p.style(style);
        }
        p = self.runs(p, runs, &PLAIN);
        self.mark_paragraph(p, mark)
    }

    /// The paragraph mark of an inserted or deleted block.
    fn mark_paragraph(&self, p: Paragraph, mark: Mark) -> Paragraph {
        match (&self.tracking, mark) {
            (Some(t), Mark::Ins) => p.insert(&t.author, &t.date),
            (Some(t), Mark::Del) => p.delete(&t.author, &t.date),
            _ => p,
        }
    }

    /// Adds runs to a paragraph: bold, italic, links, footnotes, and
    /// insertions and deletions as tracked changes.
    fn runs(&self, mut p: Paragraph, runs: &[Inline], look: &Look) -> Paragraph {
        for inline in runs {
            let deleted = inline.mark == Mark::Del;
            let mut run = match &inline.note {
                Some(note) => {
                    let content = self.runs(self.paragraph().style(style::FOOTNOTE), note, &PLAIN);
                    Run::new().add_footnote_reference(Footnote::new().add_content(content))
                }
                None if deleted => Run::new().add_delete_text(&inline.text),
                None => Run::new().add_text(&inline.text),
            };
            if inline.strong || look.bold {
                run = run.bold();
            }
            if let Some(size) = look.size {
                run = run.size(size);
            }
            if let Some(colour) = &look.colour {
                run = run.color(colour);
            }
            if inline.emph {
                run = run.italic();
            }
            if inline.link.is_some() {
                run = run.style(style::HYPERLINK);
            }
            p = match (&self.tracking, inline.mark, &inline.link) {
                (Some(t), Mark::Ins, Some(url)) => p.add_hyperlink(
                    Hyperlink::new(url, HyperlinkType::External)
                        .add_insert(Insert::new(run).author(&t.author).date(&t.date)),
                ),
                (Some(t), Mark::Del, Some(url)) => p.add_hyperlink(
                    Hyperlink::new(url, HyperlinkType::External)
                        .add_delete(Delete::new().add_run(run).author(&t.author).date(&t.date)),
                ),
                (_, _, Some(url)) => {
                    p.add_hyperlink(Hyperlink::new(url, HyperlinkType::External).add_run(run))
                }
                (Some(t), Mark::Ins, None) => {
                    p.add_insert(Insert::new(run).author(&t.author).date(&t.date))
                }
                (Some(t), Mark::Del, None) => {
                    p.add_delete(Delete::new().add_run(run).author(&t.author).date(&t.date))
                }
                _ => p.add_run(run),
            };
        }
        p
    }

    /// The number and a tab before a heading or paragraph, as ITU
    /// documents have it.
    fn numbered(&self, p: Paragraph, number: Option<&[Inline]>) -> Paragraph {
        match number {
            Some(n) => self.runs(p, n, &PLAIN).add_run(Run::new().add_tab()),
            None => p,
        }
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], flow: &mut Flow) -> Result<(), Diagnostic> {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    number,
                    text,
                    mark,
                } => {
                    let index = usize::from((*level).clamp(1, 3)) - 1;
                    let p = self.numbered(
                        self.paragraph().style(style::HEADINGS[index]),
                        number.as_deref(),
                    );
                    flow.paragraph(self.mark_paragraph(self.runs(p, text, &PLAIN), *mark));
                }
                Block::Para {
                    number,
                    lead,
                    text,
                    mark,
                } => {
                    let mut p = self.numbered(self.paragraph(), number.as_deref());
                    if let Some(lead) = lead {
                        p = self.runs(p, lead, &BOLD);
                    }
                    flow.paragraph(self.mark_paragraph(self.runs(p, text, &PLAIN), *mark));
                }
                Block::List { marker, items } => {
                    let id = self.list_id(marker);
                    for item in items {
                        let p = self
                            .paragraph()
                            .style(style::LIST)
                            .numbering(NumberingId::new(id), IndentLevel::new(0));
                        flow.paragraph(
                            self.mark_paragraph(self.runs(p, &item.text, &PLAIN), item.mark),
                        );
                    }
                }
                Block::Table(table) => {
                    flow.paragraph(
                        self.para(Some(style::CAPTION), &table.caption, table.mark)
                            .keep_next(true),
                    );
                    flow.table(self.table(table)?);
                }
                Block::Figure(figure) => {
                    flow.paragraph(self.figure(figure)?);
                    flow.paragraph(self.para(Some(style::CAPTION), &figure.caption, figure.mark));
                }
            }
        }
        Ok(())
    }

    /// The numbering id of the list definition for a marker.
    fn list_id(&mut self, marker: &str) -> usize {
        let index = match self.lists.iter().position(|m| m == marker) {
            Some(i) => i,
            None => {
                self.lists.push(marker.to_string());
                self.lists.len() - 1
            }
        };
        index + self.list_base
    }

    /// A bullet list whose levels show the marker and hang the text by the
    /// number width, as Word's own bullet button makes them.
    fn list_definition(&self, id: usize, marker: &str) -> AbstractNumbering {
        let hang = self.layout.indent.number.twips();
        (0..9).fold(AbstractNumbering::new(id), |list, level| {
            list.add_level(
                Level::new(
                    level,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new(marker),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(i32::try_from((level + 1) as u32 * hang).unwrap_or(0)),
                    Some(SpecialIndentType::Hanging(i32::try_from(hang).unwrap_or(0))),
                    None,
                    None,
                ),
            )
        })
    }

    fn table(&mut self, table: &crate::doc::Table) -> Result<Table, Diagnostic> {
        if table.columns.is_empty() {
            return Err(Diagnostic::error(format!(
                "table `{}` has no columns",
                table.id
            )));
        }
        let shares: Vec<u32> = table.columns.iter().map(|c| c.width).collect();
        let grid = grid(&shares, self.width);
        let colours = &self.layout.colours;
        let key = format!("_Tbl{}{}", self.prefix, self.keys.tables.len() + 1);
        self.keys
            .tables
            .insert(key.clone(), crate::doc::plain(&table.caption));
        let bookmark = self.list_base - LIST_BASE + self.keys.tables.len();
        let mut header = Vec::new();
        for (i, (column, &w)) in table.columns.iter().zip(&grid).enumerate() {
            let mut p = self.para(Some(style::TABLE_HEAD), &column.header, Mark::None);
            if i == 0 {
                p = p
                    .add_bookmark_start(bookmark, &key)
                    .add_bookmark_end(bookmark);
            }
            header.push(cell(w, p).shading(fill(&colours.head_fill.hex())));
        }
        let mut rows = vec![TableRow::new(header).cant_split()];
        for row in &table.rows {
            rows.push(self.row(row, &grid, table)?);
        }
        Ok(self.report_table(rows, &grid).style(style::REPORT_TABLE))
    }

    fn row(
        &self,
        row: &Row,
        grid: &[u32],
        table: &crate::doc::Table,
    ) -> Result<TableRow, Diagnostic> {
        let mark = if row.mark == Mark::None {
            table.mark
        } else {
            row.mark
        };
        let text = |inlines: &[Inline]| -> Vec<Inline> {
            inlines
                .iter()
                .cloned()
                .map(|mut i| {
                    if mark != Mark::None {
                        i.mark = mark;
                    }
                    i
                })
                .collect()
        };
        let cells: Vec<TableCell> = if row.group {
            let p = self.para(
                Some(style::TABLE_GROUP),
                &text(row.cells.first().map_or(&[][..], Vec::as_slice)),
                Mark::None,
            );
            let width: u32 = grid.iter().sum();
            vec![
                cell(width, p)
                    .grid_span(grid.len())
                    .shading(fill(&self.layout.colours.group_fill.hex())),
            ]
        } else {
            if row.cells.len() > grid.len() {
                return Err(Diagnostic::error(format!(
                    "a row of table `{}` has {} cells for {} columns",
                    table.id,
                    row.cells.len(),
                    grid.len()
                )));
            }
            grid.iter()
                .enumerate()
                .map(|(i, &w)| {
                    let inlines = row.cells.get(i).map_or(Vec::new(), |c| text(c));
                    cell(w, self.para(Some(style::TABLE_TEXT), &inlines, Mark::None))
                })
                .collect()
        };
        let mut tr = TableRow::new(cells).cant_split();
        if let Some(t) = &self.tracking {
            tr = match mark {
                Mark::Ins => tr.insert(Insert::new_with_empty().author(&t.author).date(&t.date)),
                Mark::Del => tr.delete(Delete::new().author(&t.author).date(&t.date)),
                Mark::None => tr,
            };
        }
        Ok(tr)
    }

    /// A fixed-layout table of the given columns with single borders.
    fn report_table(&self, rows: Vec<TableRow>, grid: &[u32]) -> Table {
        let (x, y) = (
            self.layout.indent.cell_x.twips() as usize,
            self.layout.indent.cell_y.twips() as usize,
        );
        Table::new(rows)
            .set_grid(grid.iter().map(|&w| w as usize).collect())
            .width(grid.iter().sum::<u32>() as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(self.borders())
            .margins(TableCellMargins::new().margin(y, x, y, x))
    }

    /// Single black lines all round and inside.
    fn borders(&self) -> TableBorders {
        let size = self.layout.lines.table.eighths() as usize;
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
                    .size(size)
                    .color("000000"),
            )
        })
    }

    /// A figure as an inline picture at its size (never wider than the
    /// text), centred; a changed figure's old picture is deleted and its
    /// new one inserted.
    fn figure(&mut self, figure: &Figure) -> Result<Paragraph, Diagnostic> {
        let key = match figure.mark {
            Mark::None => figure.id.clone(),
            Mark::Ins => format!("{}@ins", figure.id),
            Mark::Del => format!("{}@del", figure.id),
        };
        let image = self.pictures.iter().find(|i| i.id == key).ok_or_else(|| {
            Diagnostic::error(format!(
                "no picture was rendered for figure `{}`",
                figure.id
            ))
        })?;
        let max = f64::from(self.width) / 20.0;
        let scale = (max / image.width_pt).min(1.0);
        let (cx, cy) = (
            Pt(image.width_pt * scale).emu(),
            Pt(image.height_pt * scale).emu(),
        );
        if cx == 0 || cy == 0 || cy > u64::from(u32::MAX) {
            return Err(Diagnostic::error(format!(
                "the picture of figure `{}` has no size",
                figure.id
            )));
        }
        self.pictures_placed += 1;
        let rid = format!("rIdImage{}{}", self.prefix, self.pictures_placed);
        self.keys
            .pictures
            .entry(rid.clone())
            .or_default()
            .push_back((figure.id.clone(), figure.alt.clone()));
        let pic = Pic::new_with_dimensions(image.png.clone(), image.width_px, image.height_px)
            .size(cx as u32, cy as u32)
            .id(rid);
        let run = Run::new().add_image(pic);
        let p = self.paragraph().style(style::FIGURE);
        Ok(match (&self.tracking, figure.mark) {
            (Some(t), Mark::Ins) => p.add_insert(Insert::new(run).author(&t.author).date(&t.date)),
            (Some(t), Mark::Del) => {
                p.add_delete(Delete::new().add_run(run).author(&t.author).date(&t.date))
            }
            _ => p.add_run(run),
        })
    }

    /// A4 (or the layout's page), its margins, and the running header:
    /// none on page 1, the page number and the document number from page 2.
    pub(super) fn page(&self, docx: Docx, doc: &Doc, number: &str) -> Docx {
        let page = &self.layout.page;
        let twips = |p: Pt| i32::try_from(p.twips()).unwrap_or(0);
        let mut before = Run::new().add_tab();
        if !doc.lang.page_before.is_empty() {
            before = before.add_text(&doc.lang.page_before);
        }
        let mut after = Run::new();
        if !doc.lang.page_after.is_empty() {
            after = after.add_text(&doc.lang.page_after);
        }
        after = after.add_tab().add_text(number);
        let running = self
            .paragraph()
            .style(style::HEADER)
            .add_run(before)
            .add_page_num(PageNum::new())
            .add_run(after);
        let mut first = Header::new().add_paragraph(self.paragraph().style(style::HEADER));
        let mut default = Header::new().add_paragraph(running);
        if let Some(draft) = &doc.draft {
            // Every page says it is a draft and when it was built.
            let look = Look {
                bold: true,
                size: None,
                colour: Some(self.layout.colours.deleted.hex()),
            };
            let stamp = crate::doc::text(format!("{} – {}", draft.watermark, draft.stamp));
            let line = || {
                self.runs(
                    self.paragraph()
                        .style(style::HEADER)
                        .align(AlignmentType::Center),
                    &stamp,
                    &look,
                )
            };
            first = first.add_paragraph(line());
            default = default.add_paragraph(line());
        }
        docx.page_size(page.width.twips(), page.height.twips())
            .page_margin(
                PageMargin::new()
                    .top(twips(page.top))
                    .bottom(twips(page.bottom))
                    .left(twips(page.left))
                    .right(twips(page.right))
                    .header(twips(page.header))
                    .footer(twips(page.header))
                    .gutter(0),
            )
            .header(default)
            .first_header(first)
            .title_pg()
    }

    /// The top of page 1, as in ITU documents and the PDF: the header
    /// block's two columns (a borderless table), a rule, source and title,
    /// then summary, action required and references in one ruled box.
    pub(super) fn front(&mut self, doc: &Doc, flow: &mut Flow) -> Result<(), Diagnostic> {
        let layout = self.layout;
        let right = layout.indent.header_right.twips();
        let left = self.width.saturating_sub(right);
        let column = |lines: &[HeaderLine], width: u32, align: AlignmentType| {
            let mut cell = TableCell::new().width(width as usize, WidthType::Dxa);
            for line in lines {
                let group = line.field == "group";
                let look = Look {
                    bold: matches!(line.field.as_str(), "group" | "meeting" | "document"),
                    size: group.then(|| layout.text.group.half_points() as usize),
                    colour: group.then(|| layout.colours.blue.hex()),
                };
                let p = self
                    .paragraph()
                    .align(align)
                    .line_spacing(LineSpacing::new().before(0));
                cell = cell.add_paragraph(self.runs(p, &line.text, &look));
            }
            cell
        };
        // In a column of a parallel edition the second column's lines
        // stand under the first's.
        let (cells, grid) = if self.stacked {
            let lines: Vec<HeaderLine> = doc
                .meta
                .left
                .iter()
                .chain(&doc.meta.right)
                .cloned()
                .collect();
            let cell = column(&lines, self.width, AlignmentType::Left);
            (vec![cell], vec![self.width as usize])
        } else {
            let cells = vec![
                column(&doc.meta.left, left, AlignmentType::Left),
                column(&doc.meta.right, right, AlignmentType::Right),
            ];
            (cells, vec![left as usize, right as usize])
        };
        let header = Table::without_borders(vec![TableRow::new(cells)])
            .set_grid(grid)
            .width(self.width as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 0, 0, 0));
        flow.table(header);
        let mut rule = self
            .paragraph()
            .line_spacing(LineSpacing::new().before(0).after(120))
            .size(8);
        rule.property = rule.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(layout.lines.rule.eighths() as usize)
                    .space(1)
                    .color(layout.colours.blue.hex()),
            ),
        );
        flow.paragraph(rule);
        let meta = &doc.meta;
        flow.paragraph(self.labelled(&meta.source_label, &meta.source, &PLAIN, 0));
        flow.paragraph(self.labelled(&meta.title_label, &meta.title, &BOLD, 240));
        if doc.front.is_empty() {
            return Ok(());
        }
        let inset = layout.indent.box_inset.twips();
        let inner_width = self.width.saturating_sub(2 * inset);
        let outer = std::mem::replace(&mut self.width, inner_width);
        let mut inner = Flow::default();
        for (i, part) in doc.front.iter().enumerate() {
            // No keep-with-next on the label: inside a table cell,
            // LibreOffice then keeps the whole box off a page it does not
            // fit on, leaving page 1 blank below the title.
            let mut label = self
                .paragraph()
                .add_run(Run::new().add_text(&part.label).bold());
            if i == 0 {
                label = label.line_spacing(LineSpacing::new().before(0));
            }
            inner.paragraph(label);
            self.blocks(&part.blocks, &mut inner)?;
        }
        self.width = outer;
        let cell = inner.into_cell(TableCell::new().width(self.width as usize, WidthType::Dxa));
        let inset = inset as usize;
        flow.table(
            Table::new(vec![TableRow::new(vec![cell])])
                .set_grid(vec![self.width as usize])
                .width(self.width as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .set_borders(self.borders())
                .margins(TableCellMargins::new().margin(inset, inset, inset, inset)),
        );
        Ok(())
    }

    /// "Source:" or "Title:" in bold, a tab, then the value; wrapped lines
    /// hang under the value.
    fn labelled(&self, label: &str, value: &[Inline], look: &Look, after: u32) -> Paragraph {
        let width = i32::try_from(self.layout.indent.label.twips()).unwrap_or(0);
        let p = self
            .paragraph()
            .align(AlignmentType::Left)
            .indent(
                Some(width),
                Some(SpecialIndentType::Hanging(width)),
                None,
                None,
            )
            .line_spacing(LineSpacing::new().before(120).after(after))
            .add_run(Run::new().add_text(label).bold().add_tab());
        self.runs(p, value, look)
    }
}

/// The first numbering id of the report's lists: docx-rs writes its own
/// decimal list as number 1.
const LIST_BASE: usize = 2;

fn cell(width: u32, p: Paragraph) -> TableCell {
    TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .add_paragraph(p)
}

fn fill(colour: &str) -> Shading {
    Shading::new().color("auto").fill(colour)
}

/// Column widths in twips: shares of `total` in proportion to the model's
/// percentages, the last column taking what rounding leaves, so that the
/// table is exactly as wide as the text. Columns share equally when none
/// has a width.
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
