//! What changed since a baseline, as `tdag-report diff` prints it: records
//! added, removed or changed, by kind and id, with the fields that changed;
//! sections and paragraphs whose text changed; each located in the current
//! sources (a removed one in the baseline's).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Block, FieldValue, Model, Record, Section, Text};
use crate::span::Span;

/// How something changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// New since the baseline.
    Added,
    /// Gone since the baseline.
    Removed,
    /// Both there, different.
    Changed,
}

/// One change.
#[derive(Clone, Debug)]
pub struct Change {
    /// Added, removed or changed.
    pub how: How,
    /// What: a kind of record, `section`, `paragraph`, `heading` …
    pub what: String,
    /// Which: a record's id, a paragraph's number.
    pub which: String,
    /// The fields that changed, for a changed record.
    pub fields: Vec<String>,
    /// Where it is (in the baseline's files when removed).
    pub span: Span,
}

impl Change {
    /// One line: `changed initiative AFR1 (title)`.
    pub fn describe(&self) -> String {
        let how = match self.how {
            How::Added => "added",
            How::Removed => "removed",
            How::Changed => "changed",
        };
        let fields = if self.fields.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.fields.join(", "))
        };
        format!("{how} {} {}{fields}", self.what, self.which)
    }
}

/// A field as a comparable string.
fn canonical(value: &FieldValue) -> String {
    let text = |t: &Text| {
        let mut v: Vec<String> = t
            .values
            .iter()
            .map(|(l, s)| format!("{}={}", l.get_ref(), s.get_ref()))
            .collect();
        v.sort();
        v.join("\u{1f}")
    };
    match value {
        FieldValue::Text(t) => text(t),
        FieldValue::Texts(ts) => ts.iter().map(text).collect::<Vec<_>>().join("\u{1e}"),
        FieldValue::Int(n) => n.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Str(s) => s.clone(),
        FieldValue::Strs(v) => v
            .iter()
            .map(|s| s.get_ref().clone())
            .collect::<Vec<_>>()
            .join(","),
        FieldValue::Titles(ts) => ts
            .iter()
            .map(|(k, t)| format!("{}:{}", k.get_ref(), text(t)))
            .collect::<Vec<_>>()
            .join("\u{1e}"),
    }
}

/// The fields of two records of one kind that differ.
fn changed_fields(old: &Record, new: &Record) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for field in new.kind.fields {
        let a = old.get(field.name).map(canonical);
        let b = new.get(field.name).map(canonical);
        if a != b {
            names.push(field.name);
        }
    }
    names.into_iter().map(String::from).collect()
}

/// Every change of the records and sections from `old` to `new`.
pub fn changes(old: &Model, new: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    records(old, new, &mut out);
    sections(old, new, &mut out);
    out
}

fn records(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let key = |r: &Record| {
        (
            crate::schema::KINDS
                .iter()
                .position(|k| k.name == r.kind.name),
            r.id.get_ref().clone(),
        )
    };
    let before: BTreeMap<_, &Record> = old.records.iter().map(|r| (key(r), r)).collect();
    let after: BTreeMap<_, &Record> = new.records.iter().map(|r| (key(r), r)).collect();
    for (k, r) in &after {
        match before.get(k) {
            None => out.push(change(
                How::Added,
                r.kind.what,
                r.id.get_ref(),
                Vec::new(),
                r.span_of("id"),
            )),
            Some(o) => {
                let fields = changed_fields(o, r);
                if !fields.is_empty() {
                    let span = field_change(o, r, &fields[0]);
                    out.push(change(
                        How::Changed,
                        r.kind.what,
                        r.id.get_ref(),
                        fields,
                        span,
                    ));
                }
            }
        }
    }
    for (k, r) in &before {
        if !after.contains_key(k) {
            out.push(change(
                How::Removed,
                r.kind.what,
                r.id.get_ref(),
                Vec::new(),
                r.span_of("id"),
            ));
        }
    }
}

/// The strings of a text, by language, in a comparable order.
fn strings(text: &Text) -> Vec<(&str, &str)> {
    let mut v: Vec<(&str, &str)> = text
        .values
        .iter()
        .map(|(l, s)| (l.get_ref().as_str(), s.get_ref().as_str()))
        .collect();
    v.sort();
    v
}

/// Where a text changed: the string of the first language that is new or
/// different (so that an annotation lands on the edited line), else the
/// text as a whole.
fn text_change(old: Option<&Text>, new: &Text) -> Span {
    for (lang, value) in &new.values {
        if old.and_then(|o| o.get(lang.get_ref())) != Some(value.get_ref().as_str()) {
            return new.file.span(value.span());
        }
    }
    new.whole()
}

/// Where a changed field of a record changed: in a text, the string that
/// changed; otherwise the field.
fn field_change(old: &Record, new: &Record, field: &str) -> Span {
    match (old.get(field), new.get(field)) {
        (Some(FieldValue::Text(a)), Some(FieldValue::Text(b))) => text_change(Some(a), b),
        (None, Some(FieldValue::Text(b))) => text_change(None, b),
        (Some(FieldValue::Texts(a)), Some(FieldValue::Texts(b))) => b
            .iter()
            .enumerate()
            .find(|(i, t)| a.get(*i).map(strings) != Some(strings(t)))
            .map_or_else(|| new.span_of(field), |(i, t)| text_change(a.get(i), t)),
        _ => new.span_of(field),
    }
}

/// Where a changed block changed: the first of its texts that differs, at
/// the string that changed; otherwise (its kind, number or options) the
/// block.
fn block_change(old: &Block, new: &Block) -> Span {
    let before = old.texts();
    for (key, text) in new.texts() {
        let was = before.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
        if was.map(strings) != Some(strings(text)) {
            return text_change(was, text);
        }
    }
    new.file.span(new.span.clone())
}

fn change(how: How, what: &str, which: &str, fields: Vec<String>, span: Span) -> Change {
    Change {
        how,
        what: what.to_string(),
        which: which.to_string(),
        fields,
        span,
    }
}

/// A block's texts in every language, for aligning blocks.
fn block_text(block: &Block) -> String {
    let mut parts = vec![block.kind.get_ref().clone()];
    for (_, text) in block.texts() {
        let mut v: Vec<String> = text
            .values
            .iter()
            .map(|(l, s)| format!("{}={}", l.get_ref(), s.get_ref()))
            .collect();
        v.sort();
        parts.extend(v);
    }
    parts.join("\u{1f}")
}

/// How a block is named: `paragraph 3.2`, or `para block 4 of section 3`.
fn block_name(
    model: &Model,
    section: Option<usize>,
    index: usize,
    block: &Block,
) -> (String, String) {
    let kind = block.kind.get_ref().as_str();
    let what = match kind {
        "para" => "paragraph",
        "heading" => "heading",
        other => other,
    };
    let numbered = section.and_then(|s| model.numbers.blocks.get(&(s, index)));
    match (numbered, section) {
        (Some(n), _) => (what.to_string(), n.clone()),
        (None, Some(s)) => (
            format!("{kind} block"),
            format!(
                "{} of section {}",
                index + 1,
                model.numbers.sections.get(s).cloned().unwrap_or_default()
            ),
        ),
        (None, None) => (
            format!("{kind} block"),
            format!("{} of the front matter", index + 1),
        ),
    }
}

fn blocks(
    models: (&Model, &Model),
    sections: (Option<usize>, Option<usize>),
    a: &[Block],
    b: &[Block],
    out: &mut Vec<Change>,
) {
    let (old, new) = models;
    let same_kind = |x: &Block, y: &Block| x.kind.get_ref() == y.kind.get_ref();
    for pair in super::align(a, b, block_text, same_kind) {
        let (how, model, section, index, block) = match pair {
            (Some(i), Some(j)) if block_text(&a[i]) == block_text(&b[j]) => continue,
            (Some(_), Some(j)) => (How::Changed, new, sections.1, j, &b[j]),
            (Some(i), None) => (How::Removed, old, sections.0, i, &a[i]),
            (None, Some(j)) => (How::Added, new, sections.1, j, &b[j]),
            (None, None) => continue,
        };
        let (what, which) = block_name(model, section, index, block);
        let span = match pair {
            (Some(i), Some(j)) => block_change(&a[i], &b[j]),
            _ => block.file.span(block.span.clone()),
        };
        out.push(change(how, &what, &which, Vec::new(), span));
    }
}

fn sections(old: &Model, new: &Model, out: &mut Vec<Change>) {
    for (pa, pb) in old.report.front.iter().zip(&new.report.front) {
        blocks((old, new), (None, None), &pa.blocks, &pb.blocks, out);
    }
    let find = |m: &Model, id: &str| m.sections.iter().position(|s| s.id == id);
    for (j, section) in new.sections.iter().enumerate() {
        let number = new.numbers.sections.get(j).cloned().unwrap_or_default();
        match find(old, &section.id) {
            None => out.push(change(
                How::Added,
                "section",
                &number,
                Vec::new(),
                section_span(section),
            )),
            Some(i) => {
                let before = &old.sections[i];
                let title_a: Vec<_> = before
                    .title
                    .values
                    .iter()
                    .map(|(l, s)| (l.get_ref(), s.get_ref()))
                    .collect();
                let title_b: Vec<_> = section
                    .title
                    .values
                    .iter()
                    .map(|(l, s)| (l.get_ref(), s.get_ref()))
                    .collect();
                if title_a != title_b {
                    out.push(change(
                        How::Changed,
                        "section",
                        &number,
                        vec!["title".into()],
                        section.title.whole(),
                    ));
                }
                blocks(
                    (old, new),
                    (Some(i), Some(j)),
                    &before.blocks,
                    &section.blocks,
                    out,
                );
            }
        }
    }
    for (i, section) in old.sections.iter().enumerate() {
        if find(new, &section.id).is_none() {
            let number = old.numbers.sections.get(i).cloned().unwrap_or_default();
            out.push(change(
                How::Removed,
                "section",
                &number,
                Vec::new(),
                section_span(section),
            ));
        }
    }
}

fn section_span(section: &Section) -> Span {
    section.title.whole()
}
