//! The Word writer: the document model as a DOCX file that behaves like a
//! well-made Word document, laid out like the PDF from the same layout.
//!
//! docx-rs writes the body and the headers ([`body`]); the style sheet,
//! settings and document properties are files of `templates/word/` filled
//! with the edition's values ([`Templates`]); [`fixup`] completes what
//! docx-rs cannot say, and [`package`] zips it all deterministically.

mod body;
mod fixup;
mod package;
mod parallel;

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{self, Doc};
use crate::figures::FigureImage;
use crate::locale::{Direction, WordScript};
use crate::placeholder::{self, Piece};
use crate::source::Dir;
use crate::span::SourceFile;

pub use body::Tracking;

/// The folder of Word's part templates inside `templates/`.
pub const WORD_DIR: &str = "word";

/// The parts of `templates/word/`, as `(template file, part name)`.
const PARTS: [(&str, &str); 4] = [
    ("styles.xml", "word/styles.xml"),
    ("settings.xml", "word/settings.xml"),
    ("core.xml", "docProps/core.xml"),
    ("app.xml", "docProps/app.xml"),
];

/// The part templates of `templates/word/`, read once per build.
#[derive(Clone, Debug, Default)]
pub struct Templates {
    parts: Vec<(SourceFile, &'static str)>,
}

impl Templates {
    /// Reads `templates/word/*.xml`.
    pub fn load(templates: &Dir) -> Result<Templates, Diagnostics> {
        let mut parts = Vec::new();
        let mut diags = Vec::new();
        for (file, part) in PARTS {
            match templates.read(&Path::new(WORD_DIR).join(file)) {
                Ok(f) => parts.push((f, part)),
                Err(d) => diags.push(d),
            }
        }
        if diags.is_empty() {
            Ok(Templates { parts })
        } else {
            Err(diags)
        }
    }

    /// Every part filled with the edition's values. An unknown name is an
    /// error located in the template.
    fn fill(&self, values: &[(&str, String)]) -> Result<Vec<package::Part>, Diagnostics> {
        let mut out = Vec::new();
        let mut diags = Vec::new();
        for (file, part) in &self.parts {
            match fill(file, values) {
                Ok(xml) => out.push((part.to_string(), xml.into_bytes())),
                Err(d) => diags.push(d),
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        }
    }
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Fills `{name}` in a template, dropping its comments.
fn fill(file: &SourceFile, values: &[(&str, String)]) -> Result<String, Diagnostic> {
    let text = file.text();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(open) = text[rest..].find("<!--").map(|i| rest + i) {
        out.push_str(&text[rest..open]);
        rest = text[open..]
            .find("-->")
            .map_or(text.len(), |i| open + i + 3);
    }
    out.push_str(&text[rest..]);
    let pieces = placeholder::parse(&out).map_err(|e| {
        Diagnostic::error(format!("bad template: {}", e[0].message)).in_file(file.path())
    })?;
    let mut filled = String::with_capacity(out.len());
    for piece in pieces {
        match piece {
            Piece::Lit(s) => filled.push_str(&s),
            Piece::Hole(hole) => {
                let name = hole.source();
                let Some((_, value)) = values.iter().find(|(k, _)| *k == name) else {
                    let known: Vec<&str> = values.iter().map(|(k, _)| *k).collect();
                    return Err(Diagnostic::error(format!(
                        "unknown placeholder `{{{name}}}` in a Word template"
                    ))
                    .in_file(file.path())
                    .with_help(crate::diag::suggestion(
                        &name,
                        &known,
                        "the template's placeholders",
                    )));
                };
                filled.push_str(value);
            }
            Piece::Markup { .. } => {}
        }
    }
    Ok(filled)
}

/// The values the part templates take, in Word's units.
fn values(doc: &Doc, created: &str, tracking: bool) -> Vec<(&'static str, String)> {
    let l = &doc.layout;
    let lang = &doc.lang;
    let rtl = lang.dir == Direction::Rtl;
    let slot = match lang.word_script {
        WordScript::Latin => "w:val",
        WordScript::EastAsian => "w:eastAsia",
        WordScript::Complex => "w:bidi",
    };
    let raw = |on: bool, xml: &str| if on { xml.to_string() } else { String::new() };
    let width = l.page.text_width().twips();
    vec![
        ("font.latin", escape(&lang.docx_latin)),
        ("font.east_asia", escape(&lang.docx_east_asia)),
        ("font.complex", escape(&lang.docx_complex)),
        ("lang", format!("{slot}=\"{}\"", escape(&lang.tag))),
        ("rtl", raw(rtl, "<w:rtl/>")),
        ("bidi", raw(rtl, "<w:bidi/>")),
        ("bidi_visual", raw(rtl, "<w:bidiVisual/>")),
        ("jc.body", if lang.justify { "both" } else { "left" }.into()),
        ("size.body", l.text.body.half_points().to_string()),
        ("size.small", l.text.small.half_points().to_string()),
        ("size.header", l.text.header.half_points().to_string()),
        (
            "space.paragraph",
            l.text.paragraph_spacing.twips().to_string(),
        ),
        ("space.section", l.text.section_above.twips().to_string()),
        ("space.heading", l.text.heading_above.twips().to_string()),
        ("indent.number", l.indent.number.twips().to_string()),
        ("cell.x", l.indent.cell_x.twips().to_string()),
        ("cell.y", l.indent.cell_y.twips().to_string()),
        ("line.table", l.lines.table.eighths().to_string()),
        ("tab.centre", (width / 2).to_string()),
        ("tab.end", width.to_string()),
        ("colour.blue", l.colours.blue.hex()),
        ("colour.inserted", l.colours.inserted.hex()),
        ("colour.deleted", l.colours.deleted.hex()),
        ("track_revisions", raw(tracking, "<w:trackRevisions/>")),
        ("title", escape(&doc::plain(&doc.meta.title))),
        ("group", escape(&doc.meta.group)),
        ("author", escape(&doc.meta.author)),
        ("number", escape(&doc.meta.number)),
        ("tag", escape(&lang.tag)),
        ("created", created.to_string()),
    ]
}

/// A time in the W3C date and time format, in UTC: `2023-04-28T00:00:00Z`.
pub fn w3cdtf(t: time::OffsetDateTime) -> Result<String, Diagnostic> {
    let t = t.to_offset(time::UtcOffset::UTC);
    if !(0..=9999).contains(&t.year()) {
        return Err(Diagnostic::error(format!(
            "the time stamp's year {} cannot be written in a Word document",
            t.year()
        )));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Whether XML 1.0 can carry the character (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes the document as DOCX bytes. `figures` are the pictures of the
/// document's figures, matched by id; `created` is the time stamp of the
/// document properties and of tracked changes. The same arguments always
/// give the same bytes.
pub fn write(
    doc: &Doc,
    figures: &[FigureImage],
    created: time::OffsetDateTime,
    templates: &Templates,
) -> Result<Vec<u8>, Diagnostics> {
    storable(doc)?;
    let created = w3cdtf(created).map_err(|d| vec![d])?;
    let tracking = tracking(&[doc], &created);
    let own = templates.fill(&values(doc, &created, tracking.is_some()))?;
    let (docx, keys) = body::Writer::new(doc, figures, tracking)
        .write(doc)
        .map_err(|d| vec![d])?;
    package::package(docx.build(), &keys, own).map_err(|d| vec![d])
}

/// Writes the parallel edition of `left` and `right` as DOCX bytes: the
/// two side by side, each column in its own language. `figures` are the
/// pictures of both, each id prefixed with its language code and `:`.
pub fn write_parallel(
    left: &Doc,
    right: &Doc,
    figures: &[FigureImage],
    created: time::OffsetDateTime,
    templates: &Templates,
) -> Result<Vec<u8>, Diagnostics> {
    storable(left)?;
    storable(right)?;
    let created = w3cdtf(created).map_err(|d| vec![d])?;
    let tracking = tracking(&[left, right], &created);
    let mut values = values(left, &created, tracking.is_some());
    for (name, value) in values.iter_mut() {
        match *name {
            // Each column says its own direction.
            "rtl" | "bidi" | "bidi_visual" => value.clear(),
            "title" => {
                *value = escape(&format!(
                    "{} / {}",
                    doc::plain(&left.meta.title),
                    doc::plain(&right.meta.title)
                ))
            }
            _ => {}
        }
    }
    let own = templates.fill(&values)?;
    let own_pictures = |doc: &Doc| -> Vec<FigureImage> {
        let prefix = format!("{}:", doc.lang.code);
        figures
            .iter()
            .filter_map(|f| {
                let id = f.id.strip_prefix(&prefix)?.to_string();
                Some(FigureImage { id, ..f.clone() })
            })
            .collect()
    };
    let (a, b) = (own_pictures(left), own_pictures(right));
    let (docx, keys) = parallel::write(left, right, [&a, &b], tracking).map_err(|d| vec![d])?;
    package::package(docx.build(), &keys, own).map_err(|d| vec![d])
}

/// Fails if a document holds a character XML cannot carry.
fn storable(doc: &Doc) -> Result<(), Diagnostics> {
    let json = serde_json::to_string(doc).map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    match json.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(vec![Diagnostic::error(format!(
            "the document contains the character U+{:04X}, which a Word document cannot hold",
            u32::from(c)
        ))]),
        None => Ok(()),
    }
}

/// Who made the changes and when, if a revision marked any of `docs`.
fn tracking(docs: &[&Doc], created: &str) -> Option<Tracking> {
    let marked = docs.iter().find(|d| has_marks(d))?;
    Some(Tracking {
        author: marked
            .revised_by
            .clone()
            .unwrap_or_else(|| marked.meta.author.clone()),
        date: created.to_string(),
    })
}

/// Whether a revision marked anything in the document.
fn has_marks(doc: &Doc) -> bool {
    let json = serde_json::to_string(doc).unwrap_or_default();
    json.contains("\"mark\":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_without_their_comments() {
        let file = SourceFile::new("t.xml", "<a><!-- {x} is the x --><b v=\"{x}\"/></a>".into());
        assert_eq!(
            fill(&file, &[("x", "1".into())]).unwrap(),
            "<a><b v=\"1\"/></a>"
        );
        let err = fill(&file, &[("y", "1".into())]).unwrap_err();
        assert!(err.message.contains("`{x}`"), "{}", err.message);
    }

    #[test]
    fn times_are_written_in_utc() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_682_641_805)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(w3cdtf(t).unwrap(), "2023-04-28T00:30:05Z");
        let early = time::Date::from_calendar_date(-1, time::Month::January, 1).unwrap();
        assert!(w3cdtf(early.midnight().assume_utc()).is_err());
    }
}
