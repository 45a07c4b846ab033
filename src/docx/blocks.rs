//! The blocks of the model as Word paragraphs and tables.

use docx_rs::{Docx, Paragraph, Run, Table, TableCell};

use super::lists::Lists;
use super::page::TEXT_WIDTH;
use super::pictures::Picture;
use super::{pictures, styles, tables};
use crate::diag::Diagnostic;
use crate::doc::Block;
use crate::figures::FigureImage;

/// Paragraphs and tables in reading order, for the body or a table cell.
#[derive(Debug, Default)]
pub struct Flow {
    items: Vec<Item>,
}

#[derive(Debug)]
enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl Flow {
    /// Adds a paragraph.
    pub fn paragraph(&mut self, p: Paragraph) {
        self.items.push(Item::Paragraph(Box::new(p)));
    }

    /// Adds a table. Two tables in a row would run together into one in
    /// Word, so an empty paragraph is put between them.
    pub fn table(&mut self, t: Table) {
        if matches!(self.items.last(), Some(Item::Table(_))) {
            self.paragraph(Paragraph::new());
        }
        self.items.push(Item::Table(Box::new(t)));
    }

    /// Word ends a body or a cell with a paragraph; adds an empty one if
    /// the flow ends with a table.
    fn close(&mut self) {
        if !matches!(self.items.last(), Some(Item::Paragraph(_))) {
            self.paragraph(Paragraph::new());
        }
    }

    /// Appends the flow to the document body.
    pub fn into_body(mut self, mut docx: Docx) -> Docx {
        self.close();
        for item in self.items {
            docx = match item {
                Item::Paragraph(p) => docx.add_paragraph(*p),
                Item::Table(t) => docx.add_table(*t),
            };
        }
        docx
    }

    /// Fills a table cell with the flow.
    pub fn into_cell(mut self, mut cell: TableCell) -> TableCell {
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

/// What the blocks of a document need while they are turned into Word.
#[derive(Debug)]
pub struct Context<'a> {
    /// The rendered figures.
    figures: &'a [FigureImage],
    /// The lists made so far.
    pub lists: Lists,
    /// The pictures placed so far, in document order.
    pub pictures: Vec<Picture>,
    /// The captions of the report tables made so far, in document order.
    pub tables: Vec<String>,
    /// The width blocks may take, in twips: the text width, less the
    /// margins of a box they are in.
    pub width: u32,
}

impl<'a> Context<'a> {
    /// A context with the rendered figures.
    pub fn new(figures: &'a [FigureImage]) -> Self {
        Context {
            figures,
            lists: Lists::default(),
            pictures: Vec::new(),
            tables: Vec::new(),
            width: TEXT_WIDTH,
        }
    }

    /// Adds blocks to a flow.
    pub fn blocks(&mut self, blocks: &[Block], flow: &mut Flow) -> Result<(), Diagnostic> {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    number,
                    text,
                } => flow.paragraph(heading(*level, number.as_deref(), text)),
                Block::Para { number, lead, text } => {
                    flow.paragraph(para(number.as_deref(), lead.as_deref(), text))
                }
                Block::List { marker, items } => {
                    for p in self.lists.items(marker, items) {
                        flow.paragraph(p);
                    }
                }
                Block::Table(table) => {
                    let (caption, word_table) = tables::report_table(table, self.width)?;
                    self.tables.push(table.caption.clone());
                    flow.paragraph(caption);
                    flow.table(word_table);
                }
                Block::Figure(figure) => {
                    let (picture, caption) =
                        pictures::figure(figure, self.figures, &mut self.pictures, self.width)?;
                    flow.paragraph(picture);
                    flow.paragraph(caption);
                }
            }
        }
        Ok(())
    }
}

/// The number and a tab before a heading or paragraph, as ITU documents
/// have it.
fn number_run(number: Option<&str>) -> Option<Run> {
    number.map(|n| Run::new().add_text(n).add_tab())
}

/// A heading in the built-in Heading style of its level (1 to 3; deeper
/// levels use Heading 3).
fn heading(level: u8, number: Option<&str>, text: &str) -> Paragraph {
    let index = usize::from(level.clamp(1, 3)) - 1;
    let mut p = Paragraph::new().style(styles::HEADINGS[index]);
    if let Some(run) = number_run(number) {
        p = p.add_run(run);
    }
    p.add_run(Run::new().add_text(text))
}

/// A body paragraph: its number and a tab, its lead in bold, its text.
fn para(number: Option<&str>, lead: Option<&str>, text: &str) -> Paragraph {
    let mut p = Paragraph::new();
    if let Some(run) = number_run(number) {
        p = p.add_run(run);
    }
    if let Some(lead) = lead {
        p = p.add_run(Run::new().add_text(lead).bold());
    }
    p.add_run(Run::new().add_text(text))
}
