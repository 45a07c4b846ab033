//! Every string of the document must be something XML can carry. `check`
//! rejects such text in the sources already; this makes the writer return
//! an error rather than write a broken file if one gets through.

use crate::diag::Diagnostic;
use crate::doc::{Block, Doc};

/// Whether XML 1.0 can carry the character (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether a character belongs to an East Asian script (Han, kana,
/// Hangul, Bopomofo), whose language Word keeps apart from that of Latin
/// text.
fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether the edition is written in an East Asian script: more of the
/// letters of its title and the text of its body are East Asian than not.
/// Word marks the language of East Asian text (`w:eastAsia`) apart from
/// that of the Latin text within it (`w:val`).
pub fn is_east_asian_edition(doc: &Doc) -> bool {
    let mut texts: Vec<&str> = vec![&doc.meta.title];
    for block in &doc.body {
        match block {
            Block::Heading { text, .. } => texts.push(text),
            Block::Para { lead, text, .. } => {
                texts.extend(lead.as_deref().into_iter().chain([text.as_str()]))
            }
            Block::List { items, .. } => texts.extend(items.iter().map(String::as_str)),
            Block::Table(table) => texts.push(&table.caption),
            Block::Figure(figure) => texts.push(&figure.caption),
        }
    }
    let (east_asian, other) = texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| c.is_alphabetic())
        .fold((0usize, 0usize), |(e, o), c| {
            if is_east_asian(c) {
                (e + 1, o)
            } else {
                (e, o + 1)
            }
        });
    east_asian > other
}

/// Checks every string of the document.
pub fn check(doc: &Doc) -> Result<(), Diagnostic> {
    let value = serde_json::to_value(doc)
        .map_err(|e| Diagnostic::error(format!("cannot write the Word document: {e}")))?;
    check_value(&value)
}

fn check_value(value: &serde_json::Value) -> Result<(), Diagnostic> {
    match value {
        serde_json::Value::String(s) => match s.chars().find(|&c| !is_xml_char(c)) {
            Some(c) => Err(Diagnostic::error(format!(
                "the text `{}` contains the character U+{:04X}, which a Word document cannot hold",
                s.escape_debug(),
                u32::from(c)
            ))),
            None => Ok(()),
        },
        serde_json::Value::Array(items) => items.iter().try_for_each(check_value),
        serde_json::Value::Object(map) => map.values().try_for_each(check_value),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::sample;

    #[test]
    fn east_asian_editions_are_recognised() {
        let mut doc = sample::doc();
        assert!(is_east_asian_edition(&doc));
        doc.meta.title = "Report on the outcomes of WTDC-22".into();
        doc.body = vec![Block::Para {
            number: Some("1.1".into()),
            lead: None,
            text: "The Kigali Action Plan (行动计划)".into(),
        }];
        assert!(!is_east_asian_edition(&doc));
    }

    #[test]
    fn control_characters_are_refused() {
        let mut doc = sample::doc();
        assert!(check(&doc).is_ok());
        doc.body.push(Block::Para {
            number: None,
            lead: None,
            text: "bell \u{7}".into(),
        });
        let err = check(&doc).unwrap_err();
        assert!(err.message.contains("U+0007"), "{}", err.message);
        doc.body.pop();
        doc.meta.title = "\u{FFFF}".into();
        assert!(check(&doc).is_err());
    }
}
