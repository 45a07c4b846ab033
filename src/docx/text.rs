//! Every string of the document must be something XML can carry. `check`
//! rejects such text in the sources already; this makes the writer return
//! an error rather than write a broken file if one gets through.

use crate::diag::Diagnostic;
use crate::doc::Doc;

/// Whether XML 1.0 can carry the character (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
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
    use crate::doc::Block;
    use crate::docx::sample;

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
