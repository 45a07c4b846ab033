//! Revisions: an edition with its changes since a baseline marked. Two
//! documents of the same language are compared as ITU revisions show
//! changes: blocks aligned (so that an inserted paragraph marks only
//! itself), table rows and list items by the record they show, and inside
//! a text the words that changed (the characters, in Chinese). The result
//! is the current document with inserted and deleted runs, blocks, rows and
//! figures marked; each writer renders the marks its own way. Accepting
//! every change gives the current document back, rejecting every change
//! the baseline.

pub mod baseline;
pub mod stale;
pub mod summary;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::doc::{
    self, Block, Doc, Figure, HeaderLine, Inline, Inlines, Item, Mark, Part, Row, Table,
};
use crate::locale::DiffUnit;

/// The current document with its changes since `old` marked.
pub fn mark(old: &Doc, new: &Doc, unit: DiffUnit) -> Doc {
    let d = Differ { unit };
    let mut out = new.clone();
    out.meta.left = d.lines(&old.meta.left, &new.meta.left);
    out.meta.right = d.lines(&old.meta.right, &new.meta.right);
    out.meta.source = d.inlines(&old.meta.source, &new.meta.source);
    out.meta.title = d.inlines(&old.meta.title, &new.meta.title);
    out.front = d.parts(&old.front, &new.front);
    out.body = d.blocks(&old.body, &new.body);
    out
}

struct Differ {
    unit: DiffUnit,
}

/// Every run of inline content with a mark.
fn all_marked(runs: &[Inline], mark: Mark) -> Inlines {
    runs.iter()
        .map(|r| {
            let mut r = r.clone();
            r.mark = mark;
            if let Some(note) = &mut r.note {
                *note = all_marked(note, mark);
            }
            r
        })
        .collect()
}

/// A block with everything in it marked.
fn block_marked(block: &Block, mark: Mark) -> Block {
    marking(mark).block(block)
}

fn item_marked(item: &Item, mark: Mark) -> Item {
    marking(mark).item(item)
}

fn row_marked(row: &Row, mark: Mark) -> Row {
    marking(mark).row(row)
}

/// The rebuild that marks everything with `mark`.
fn marking(mark: Mark) -> Rebuild<impl Fn(&Inlines) -> Inlines> {
    Rebuild {
        runs: move |x: &Inlines| all_marked(x, mark),
        mark,
        drop: None,
    }
}

/// A block's contents rebuilt, every text through `runs` and every mark
/// set to `mark`: what marking a whole block and settling a revision share.
struct Rebuild<F> {
    runs: F,
    mark: Mark,
    /// Items and rows with this mark are left out, and so are numbers and
    /// leads that nothing is left of.
    drop: Option<Mark>,
}

impl<F: Fn(&Inlines) -> Inlines> Rebuild<F> {
    /// A number or a lead.
    fn optional(&self, xs: Option<&Inlines>) -> Option<Inlines> {
        let out = xs.map(&self.runs);
        match self.drop {
            Some(_) => out.filter(|n| !n.is_empty()),
            None => out,
        }
    }

    fn keeps(&self, mark: Mark) -> bool {
        self.drop != Some(mark)
    }

    fn item(&self, item: &Item) -> Item {
        Item {
            text: (self.runs)(&item.text),
            key: item.key.clone(),
            mark: self.mark,
        }
    }

    fn row(&self, row: &Row) -> Row {
        Row {
            cells: row.cells.iter().map(&self.runs).collect(),
            mark: self.mark,
            ..row.clone()
        }
    }

    fn block(&self, block: &Block) -> Block {
        let (runs, mark) = (&self.runs, self.mark);
        match block {
            Block::Heading {
                level,
                number,
                text,
                ..
            } => Block::Heading {
                level: *level,
                number: self.optional(number.as_ref()),
                text: runs(text),
                mark,
            },
            Block::Para {
                number, lead, text, ..
            } => Block::Para {
                number: self.optional(number.as_ref()),
                lead: self.optional(lead.as_ref()),
                text: runs(text),
                mark,
            },
            Block::List { marker, items } => Block::List {
                marker: marker.clone(),
                items: items
                    .iter()
                    .filter(|i| self.keeps(i.mark))
                    .map(|i| self.item(i))
                    .collect(),
            },
            Block::Table(t) => Block::Table(Table {
                caption: runs(&t.caption),
                columns: t
                    .columns
                    .iter()
                    .map(|c| doc::Column {
                        header: runs(&c.header),
                        width: c.width,
                    })
                    .collect(),
                rows: t
                    .rows
                    .iter()
                    .filter(|r| self.keeps(r.mark))
                    .map(|r| self.row(r))
                    .collect(),
                mark,
                ..t.clone()
            }),
            Block::Figure(f) => Block::Figure(Figure {
                caption: runs(&f.caption),
                mark,
                ..f.clone()
            }),
        }
    }
}

/// What aligns blocks: their kind and identity (a table's or a figure's
/// id), or their text.
fn signature(block: &Block) -> String {
    match block {
        Block::Heading { text, .. } => format!("h:{}", doc::plain(text)),
        Block::Para { lead, text, .. } => format!(
            "p:{}{}",
            lead.as_deref().map(doc::plain).unwrap_or_default(),
            doc::plain(text)
        ),
        Block::List { items, .. } => format!(
            "l:{}",
            items
                .first()
                .map(|i| if i.key.is_empty() {
                    doc::plain(&i.text)
                } else {
                    i.key.clone()
                })
                .unwrap_or_default()
        ),
        Block::Table(t) => format!("t:{}", t.id),
        Block::Figure(f) => format!("f:{}", f.id),
    }
}

/// Whether two blocks are the same block, changed.
fn same_kind(a: &Block, b: &Block) -> bool {
    match (a, b) {
        (Block::Heading { level: x, .. }, Block::Heading { level: y, .. }) => x == y,
        (Block::Para { .. }, Block::Para { .. }) | (Block::List { .. }, Block::List { .. }) => true,
        (Block::Table(x), Block::Table(y)) => x.id == y.id,
        (Block::Figure(x), Block::Figure(y)) => x.id == y.id,
        _ => false,
    }
}

/// Aligns two sequences: pairs of (old, new) indices, unpaired old ones
/// (deleted) and new ones (inserted), in document order.
pub(crate) fn align<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> String,
    pairable: impl Fn(&T, &T) -> bool,
) -> Vec<(Option<usize>, Option<usize>)> {
    let a: Vec<String> = old.iter().map(&key).collect();
    let b: Vec<String> = new.iter().map(&key).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                out.extend((0..len).map(|i| (Some(old_index + i), Some(new_index + i))));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                out.extend((old_index..old_index + old_len).map(|i| (Some(i), None)));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                out.extend((new_index..new_index + new_len).map(|i| (None, Some(i))));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // Pair blocks of one kind in order; the rest are deleted and
                // inserted.
                let (mut i, mut j) = (old_index, new_index);
                while i < old_index + old_len || j < new_index + new_len {
                    if i < old_index + old_len
                        && j < new_index + new_len
                        && pairable(&old[i], &new[j])
                    {
                        out.push((Some(i), Some(j)));
                        i += 1;
                        j += 1;
                    } else if i < old_index + old_len {
                        out.push((Some(i), None));
                        i += 1;
                    } else {
                        out.push((None, Some(j)));
                        j += 1;
                    }
                }
            }
        }
    }
    out
}

impl Differ {
    fn lines(&self, old: &[HeaderLine], new: &[HeaderLine]) -> Vec<HeaderLine> {
        new.iter()
            .map(|line| {
                let before = old.iter().find(|l| l.field == line.field);
                HeaderLine {
                    field: line.field.clone(),
                    text: match before {
                        Some(b) => self.inlines(&b.text, &line.text),
                        None => all_marked(&line.text, Mark::Ins),
                    },
                }
            })
            .collect()
    }

    fn parts(&self, old: &[Part], new: &[Part]) -> Vec<Part> {
        let mut out = Vec::new();
        for pair in align(old, new, |p| p.label.clone(), |_, _| true) {
            match pair {
                (Some(i), Some(j)) => out.push(Part {
                    label: new[j].label.clone(),
                    blocks: self.blocks(&old[i].blocks, &new[j].blocks),
                }),
                (Some(i), None) => out.push(Part {
                    label: old[i].label.clone(),
                    blocks: old[i]
                        .blocks
                        .iter()
                        .map(|b| block_marked(b, Mark::Del))
                        .collect(),
                }),
                (None, Some(j)) => out.push(Part {
                    label: new[j].label.clone(),
                    blocks: new[j]
                        .blocks
                        .iter()
                        .map(|b| block_marked(b, Mark::Ins))
                        .collect(),
                }),
                (None, None) => {}
            }
        }
        out
    }

    fn blocks(&self, old: &[Block], new: &[Block]) -> Vec<Block> {
        let mut out = Vec::new();
        for pair in align(old, new, signature, same_kind) {
            match pair {
                (Some(i), Some(j)) => out.extend(self.block(&old[i], &new[j])),
                (Some(i), None) => out.push(block_marked(&old[i], Mark::Del)),
                (None, Some(j)) => out.push(block_marked(&new[j], Mark::Ins)),
                (None, None) => {}
            }
        }
        out
    }

    fn number(&self, old: &Option<Inlines>, new: &Option<Inlines>) -> Option<Inlines> {
        match (old, new) {
            (Some(a), Some(b)) => Some(self.inlines(a, b)),
            (None, Some(b)) => Some(all_marked(b, Mark::Ins)),
            (Some(a), None) => Some(all_marked(a, Mark::Del)),
            (None, None) => None,
        }
    }

    /// One block of both documents, with its changes marked: a changed
    /// figure drawing is two blocks, the old one deleted.
    fn block(&self, old: &Block, new: &Block) -> Vec<Block> {
        match (old, new) {
            (
                Block::Heading {
                    number: n0,
                    text: t0,
                    ..
                },
                Block::Heading {
                    level,
                    number,
                    text,
                    ..
                },
            ) => vec![Block::Heading {
                level: *level,
                number: self.number(n0, number),
                text: self.inlines(t0, text),
                mark: Mark::None,
            }],
            (
                Block::Para {
                    number: n0,
                    lead: l0,
                    text: t0,
                    ..
                },
                Block::Para {
                    number, lead, text, ..
                },
            ) => vec![Block::Para {
                number: self.number(n0, number),
                lead: self.number(l0, lead),
                text: self.inlines(t0, text),
                mark: Mark::None,
            }],
            (Block::List { items: i0, .. }, Block::List { marker, items }) => vec![Block::List {
                marker: marker.clone(),
                items: self.items(i0, items),
            }],
            (Block::Table(t0), Block::Table(t)) if t0.columns.len() == t.columns.len() => {
                vec![self.table(t0, t)]
            }
            (Block::Figure(f0), Block::Figure(f)) if f0.drawing != f.drawing => {
                vec![block_marked(old, Mark::Del), block_marked(new, Mark::Ins)]
            }
            (Block::Figure(f0), Block::Figure(f)) => vec![Block::Figure(Figure {
                caption: self.inlines(&f0.caption, &f.caption),
                ..f.clone()
            })],
            _ => vec![block_marked(old, Mark::Del), block_marked(new, Mark::Ins)],
        }
    }

    fn items(&self, old: &[Item], new: &[Item]) -> Vec<Item> {
        let key = |i: &Item| {
            if i.key.is_empty() {
                doc::plain(&i.text)
            } else {
                i.key.clone()
            }
        };
        let pairable = |a: &Item, b: &Item| a.key == b.key;
        align(old, new, key, pairable)
            .into_iter()
            .filter_map(|pair| match pair {
                (Some(i), Some(j)) => Some(Item {
                    text: self.inlines(&old[i].text, &new[j].text),
                    ..new[j].clone()
                }),
                (Some(i), None) => Some(item_marked(&old[i], Mark::Del)),
                (None, Some(j)) => Some(item_marked(&new[j], Mark::Ins)),
                (None, None) => None,
            })
            .collect()
    }

    fn table(&self, old: &Table, new: &Table) -> Block {
        let key = |r: &Row| {
            if r.key.is_empty() {
                r.cells
                    .iter()
                    .map(|c| doc::plain(c))
                    .collect::<Vec<_>>()
                    .join("\u{1f}")
            } else {
                r.key.clone()
            }
        };
        let pairable = |a: &Row, b: &Row| {
            a.key == b.key && a.group == b.group && a.cells.len() == b.cells.len()
        };
        let rows = align(&old.rows, &new.rows, key, pairable)
            .into_iter()
            .filter_map(|pair| match pair {
                (Some(i), Some(j)) => Some(Row {
                    cells: old.rows[i]
                        .cells
                        .iter()
                        .zip(&new.rows[j].cells)
                        .map(|(a, b)| self.inlines(a, b))
                        .collect(),
                    ..new.rows[j].clone()
                }),
                (Some(i), None) => Some(row_marked(&old.rows[i], Mark::Del)),
                (None, Some(j)) => Some(row_marked(&new.rows[j], Mark::Ins)),
                (None, None) => None,
            })
            .collect();
        Block::Table(Table {
            caption: self.inlines(&old.caption, &new.caption),
            columns: old
                .columns
                .iter()
                .zip(&new.columns)
                .map(|(a, b)| doc::Column {
                    header: self.inlines(&a.header, &b.header),
                    width: b.width,
                })
                .collect(),
            rows,
            ..new.clone()
        })
    }

    /// Inline content with the words (or characters) that changed marked.
    fn inlines(&self, old: &[Inline], new: &[Inline]) -> Inlines {
        if old == new {
            return new.to_vec();
        }
        let a = tokens(old, self.unit);
        let b = tokens(new, self.unit);
        let mut out = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
            let (from, mark, range) = match op {
                DiffOp::Equal { new_index, len, .. } => {
                    (&b, Mark::None, new_index..new_index + len)
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => (&a, Mark::Del, old_index..old_index + old_len),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => (&b, Mark::Ins, new_index..new_index + new_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    doc::push_runs(
                        &mut out,
                        a[old_index..old_index + old_len]
                            .iter()
                            .map(|t| t.with(Mark::Del)),
                    );
                    (&b, Mark::Ins, new_index..new_index + new_len)
                }
            };
            doc::push_runs(&mut out, from[range].iter().map(|t| t.with(mark)));
        }
        out
    }
}

/// The unit a text is compared in: a word, a space or punctuation (or a
/// character), with the style of its run; a footnote is one token.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Token(Inline);

impl Token {
    fn with(&self, mark: Mark) -> Inline {
        if self.0.note.is_some() {
            return all_marked(std::slice::from_ref(&self.0), mark).remove(0);
        }
        Inline {
            mark,
            ..self.0.clone()
        }
    }
}

fn tokens(runs: &[Inline], unit: DiffUnit) -> Vec<Token> {
    let mut out = Vec::new();
    for run in runs {
        if run.note.is_some() {
            out.push(Token(Inline {
                mark: Mark::None,
                ..run.clone()
            }));
            continue;
        }
        let piece = |text: &str| {
            Token(Inline {
                text: text.to_string(),
                mark: Mark::None,
                ..run.clone()
            })
        };
        match unit {
            DiffUnit::Char => {
                for (i, c) in run.text.char_indices() {
                    out.push(piece(&run.text[i..i + c.len_utf8()]));
                }
            }
            DiffUnit::Word => {
                let mut start = 0;
                let mut chars = run.text.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    let word = c.is_alphanumeric();
                    let space = c.is_whitespace();
                    let continues =
                        |n: char| (word && n.is_alphanumeric()) || (space && n.is_whitespace());
                    if chars.peek().is_some_and(|&(_, n)| continues(n)) {
                        continue;
                    }
                    let end = i + c.len_utf8();
                    out.push(piece(&run.text[start..end]));
                    start = end;
                }
            }
        }
    }
    out
}

/// The document as if every change were accepted.
pub fn accept(doc: &Doc) -> Doc {
    settle(doc, Mark::Del)
}

/// The document as if every change were rejected.
pub fn reject(doc: &Doc) -> Doc {
    settle(doc, Mark::Ins)
}

/// Drops what is marked `drop` and unmarks the rest; neighbouring runs of
/// one style are merged, so that the result compares equal to a document
/// that never had marks.
fn settle(doc: &Doc, drop: Mark) -> Doc {
    let s = Settler { drop };
    let mut out = doc.clone();
    for line in out.meta.left.iter_mut().chain(out.meta.right.iter_mut()) {
        line.text = s.runs(&line.text);
    }
    out.meta.source = s.runs(&doc.meta.source);
    out.meta.title = s.runs(&doc.meta.title);
    out.front = doc
        .front
        .iter()
        .map(|p| Part {
            label: p.label.clone(),
            blocks: s.blocks(&p.blocks),
        })
        .filter(|p| !p.blocks.is_empty())
        .collect();
    out.body = s.blocks(&doc.body);
    out
}

/// Settles a marked document: what is marked `drop` goes, the rest loses
/// its marks.
struct Settler {
    drop: Mark,
}

impl Settler {
    /// Runs without those marked `drop` (in footnotes too), unmarked and
    /// merged.
    fn runs(&self, xs: &Inlines) -> Inlines {
        let drop = self.drop;
        let mut out = Vec::new();
        doc::push_runs(
            &mut out,
            xs.iter().filter(|r| r.mark != drop).map(|r| {
                let mut r = r.clone();
                r.mark = Mark::None;
                if let Some(note) = &mut r.note {
                    *note = note
                        .iter()
                        .filter(|n| n.mark != drop)
                        .map(|n| Inline {
                            mark: Mark::None,
                            ..n.clone()
                        })
                        .collect();
                }
                r
            }),
        );
        out
    }

    fn blocks(&self, bs: &[Block]) -> Vec<Block> {
        bs.iter().filter_map(|b| self.block(b)).collect()
    }

    /// A block settled, or none if the whole block is marked `drop`.
    fn block(&self, b: &Block) -> Option<Block> {
        let drop = self.drop;
        match b {
            Block::Heading { mark, .. } | Block::Para { mark, .. } if *mark == drop => None,
            Block::Table(t) if t.mark == drop => None,
            Block::Figure(f) if f.mark == drop => None,
            _ => Some(
                Rebuild {
                    runs: |x: &Inlines| self.runs(x),
                    mark: Mark::None,
                    drop: Some(drop),
                }
                .block(b),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::text;

    fn words(old: &str, new: &str, unit: DiffUnit) -> Vec<(String, Mark)> {
        Differ { unit }
            .inlines(&text(old), &text(new))
            .into_iter()
            .map(|i| (i.text, i.mark))
            .collect()
    }

    #[test]
    fn words_that_changed_are_marked() {
        assert_eq!(
            words(
                "for 2023-2025, 28 initiatives",
                "for 2024-2026, 29 initiatives",
                DiffUnit::Word
            ),
            vec![
                ("for ".into(), Mark::None),
                ("2023".into(), Mark::Del),
                ("2024".into(), Mark::Ins),
                ("-".into(), Mark::None),
                ("2025".into(), Mark::Del),
                ("2026".into(), Mark::Ins),
                (", ".into(), Mark::None),
                ("28".into(), Mark::Del),
                ("29".into(), Mark::Ins),
                (" initiatives".into(), Mark::None),
            ]
        );
    }

    #[test]
    fn chinese_is_compared_by_character() {
        assert_eq!(
            words(
                "共批准了28项区域性举措",
                "共批准了29项区域性举措",
                DiffUnit::Char
            ),
            vec![
                ("共批准了2".into(), Mark::None),
                ("8".into(), Mark::Del),
                ("9".into(), Mark::Ins),
                ("项区域性举措".into(), Mark::None),
            ]
        );
    }

    #[test]
    fn styles_are_part_of_a_word() {
        let old = text("Kigali Action Plan");
        let mut new = text("Kigali Action Plan");
        new[0].strong = true;
        let marked = Differ {
            unit: DiffUnit::Word,
        }
        .inlines(&old, &new);
        assert!(marked.iter().any(|i| i.mark == Mark::Del && !i.strong));
        assert!(marked.iter().any(|i| i.mark == Mark::Ins && i.strong));
    }
}
