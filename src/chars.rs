//! Characters in messages: their names, the controls that reorder text,
//! and the ASCII letters that look-alikes (Cyrillic С, Greek Ο) stand for.

/// Describes a character for a message: `'С' (U+0421 CYRILLIC CAPITAL LETTER ES)`.
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    let shown = if c.is_control() || is_bidi_control(c) {
        String::new()
    } else {
        format!("{c:?} ")
    };
    match unicode_names2::name(c) {
        Some(name) => format!("{shown}({code} {name})"),
        None => format!("{shown}({code})"),
    }
}

/// Bidirectional embedding, override and isolate controls.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The ASCII character a look-alike stands for, if any.
pub fn ascii_look_alike(c: char) -> Option<String> {
    use unicode_security::confusable_detection::skeleton;
    let skel: String = skeleton(&c.to_string()).collect();
    (skel.is_ascii() && !skel.is_empty()).then_some(skel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_are_named() {
        assert_eq!(
            describe_char('С'),
            "'С' (U+0421 CYRILLIC CAPITAL LETTER ES)"
        );
        assert_eq!(ascii_look_alike('С').as_deref(), Some("C"));
        assert_eq!(ascii_look_alike('非'), None);
    }
}
