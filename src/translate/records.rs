//! Writing translations back into the TOML records with toml_edit: only
//! the strings that change are touched, so comments, order, layout and
//! the other strings stay byte for byte. A new string is a basic string
//! escaped as the records are (`\u00A0` for a no-break space); a language
//! not yet given is added after the languages that precede it.

use toml_edit::{DocumentMut, Entry, Item, Key, TableLike, Value};

use crate::model::Seg;

/// One string to write: the language `lang` of the text at `path`.
#[derive(Clone, Debug)]
pub struct Edit {
    /// The text's stable id.
    pub id: String,
    /// The keys leading to the text in its file.
    pub path: Vec<Seg>,
    /// The language.
    pub lang: String,
    /// The new string.
    pub value: String,
}

/// The file `source` with `edits` applied; `languages` orders a language
/// that is added. Fails, naming the text, when a path is not in the file.
pub fn apply(source: &str, edits: &[&Edit], languages: &[&str]) -> Result<String, String> {
    let (bom, body) = match source.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", source),
    };
    let mut doc: DocumentMut = body.parse().map_err(|e| format!("cannot parse: {e}"))?;
    for edit in edits {
        let table = descend(doc.as_table_mut(), &edit.path)
            .ok_or_else(|| format!("`{}` is not where the model found it", edit.id))?;
        set(table, &edit.lang, &edit.value, languages)?;
    }
    let mut out = format!("{bom}{doc}");
    if body.contains("\r\n") {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(out)
}

/// The table of a text: keys, each optionally followed by an index into
/// an array of tables or of inline tables.
fn descend<'a>(table: &'a mut dyn TableLike, path: &[Seg]) -> Option<&'a mut dyn TableLike> {
    let Some((first, rest)) = path.split_first() else {
        return Some(table);
    };
    let Seg::Key(key) = first else {
        return None;
    };
    let item = table.get_mut(key)?;
    match rest.split_first() {
        Some((Seg::Index(i), rest)) => {
            let next: &mut dyn TableLike = match item {
                Item::ArrayOfTables(array) => array.get_mut(*i)?,
                Item::Value(Value::Array(array)) => array.get_mut(*i)?.as_inline_table_mut()?,
                _ => return None,
            };
            descend(next, rest)
        }
        _ => descend(item.as_table_like_mut()?, rest),
    }
}

/// Sets one language of a text table, keeping the old value's decor
/// (spacing, trailing comment) and quoting style.
fn set(
    table: &mut dyn TableLike,
    lang: &str,
    value: &str,
    languages: &[&str],
) -> Result<(), String> {
    match table.get_mut(lang) {
        Some(item) => {
            let old = item
                .as_value()
                .ok_or_else(|| format!("`{lang}` is not a string"))?;
            let literal_style = match old {
                Value::String(s) => s
                    .as_repr()
                    .and_then(|r| r.as_raw().as_str())
                    .is_some_and(|raw| raw.starts_with('\'') && !raw.starts_with("'''")),
                _ => false,
            };
            let mut new = parse_value(&literal(value, literal_style))?;
            *new.decor_mut() = old.decor().clone();
            *item = Item::Value(new);
        }
        None => {
            let mut new = parse_value(&literal(value, false))?;
            new.decor_mut().set_prefix(" ");
            table.insert(lang, Item::Value(new));
            place(table, lang, languages);
            take_trailing_space(table, lang);
        }
    }
    Ok(())
}

/// When the added key is the last, it takes over the spacing that ended
/// the previous last value (the space before an inline table's `}`),
/// unless that is a comment.
fn take_trailing_space(table: &mut dyn TableLike, lang: &str) {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let [.., previous, last] = keys.as_slice() else {
        return;
    };
    if last != lang {
        return;
    }
    let Some(Item::Value(prev)) = table.get_mut(previous) else {
        return;
    };
    let suffix = prev.decor().suffix().and_then(|s| s.as_str()).unwrap_or("");
    if suffix.is_empty() || suffix.contains('#') {
        return;
    }
    let suffix = suffix.to_string();
    prev.decor_mut().set_suffix("");
    if let Some(Item::Value(new)) = table.get_mut(lang) {
        new.decor_mut().set_suffix(suffix);
    }
}

fn parse_value(literal: &str) -> Result<Value, String> {
    literal
        .parse()
        .map_err(|e| format!("cannot write {literal}: {e}"))
}

/// Moves the just-added key `lang` after the last key of a language that
/// comes before it in `languages`, leaving the other keys where they are.
fn place(table: &mut dyn TableLike, lang: &str, languages: &[&str]) {
    let rank = |k: &str| languages.iter().position(|l| *l == k);
    let Some(new_rank) = rank(lang) else {
        return;
    };
    let mut keys: Vec<Key> = table.iter().map(|(k, _)| k.into()).collect();
    keys.retain(|k| k.get() != lang);
    let at = keys
        .iter()
        .rposition(|k| rank(k.get()).is_some_and(|r| r < new_rank))
        .map_or(0, |i| i + 1);
    if at == keys.len() {
        return;
    }
    let Some((new_key, _)) = table.get_key_value(lang) else {
        return;
    };
    keys.insert(at, new_key.clone());
    let keys: Vec<Key> = keys
        .iter()
        .filter_map(|k| table.get_key_value(k.get()).map(|(k, _)| k.clone()))
        .collect();
    let items: Vec<Item> = keys.iter().filter_map(|k| table.remove(k.get())).collect();
    for (key, item) in keys.iter().zip(items) {
        if let Entry::Vacant(slot) = table.entry_format(key) {
            slot.insert(item);
        }
    }
}

/// A TOML string literal for `value`: a literal string when asked and
/// possible, else a basic string. Quotes, backslashes, control characters
/// and invisible characters (no-break and other spaces but U+0020,
/// zero-width and format characters) are escaped, as `\u00A0`.
pub fn literal(value: &str, literal_style: bool) -> String {
    if literal_style && !value.contains('\'') && !value.chars().any(escaped) {
        return format!("'{value}'");
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if escaped(c) && u32::from(c) > 0xFFFF => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)));
            }
            c if escaped(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters written as escapes: they cannot be seen or told apart.
fn escaped(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || crate::chars::is_bidi_control(c)
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
            | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(path: &[Seg], lang: &str, value: &str) -> Edit {
        Edit {
            id: "t".into(),
            path: path.to_vec(),
            lang: lang.into(),
            value: value.into(),
        }
    }

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    const LANGS: &[&str] = &["zh", "en", "ar", "fr"];

    #[test]
    fn a_changed_string_keeps_its_line() {
        let src = "# c\n[[x]]\nid = \"a\"\ntitle.zh = \"甲\"\ntitle.en = \"A\"   # note\ntitle.fr = 'B'\n";
        let e = edit(
            &[key("x"), Seg::Index(0), key("title")],
            "en",
            "A\u{A0}\"b\"",
        );
        let out = apply(src, &[&e], LANGS).unwrap();
        assert_eq!(
            out,
            "# c\n[[x]]\nid = \"a\"\ntitle.zh = \"甲\"\ntitle.en = \"A\\u00A0\\\"b\\\"\"   # note\ntitle.fr = 'B'\n"
        );
        let e = edit(&[key("x"), Seg::Index(0), key("title")], "fr", "C’est");
        let out = apply(src, &[&e], LANGS).unwrap();
        assert!(out.ends_with("title.fr = 'C’est'\n"), "{out}");
    }

    #[test]
    fn a_new_language_goes_after_those_before_it() {
        let src = "[[x]]\ntitle.zh = \"甲\"\ntitle.en = \"A\"\ntitle.fr = \"F\"\nother = 1\n";
        let e = edit(&[key("x"), Seg::Index(0), key("title")], "ar", "ع");
        let out = apply(src, &[&e], LANGS).unwrap();
        assert_eq!(
            out,
            "[[x]]\ntitle.zh = \"甲\"\ntitle.en = \"A\"\ntitle.ar = \"ع\"\ntitle.fr = \"F\"\nother = 1\n"
        );
        let src = "[[b]]\n[[b.item]]\nzh = \"甲\"\nen = \"A\"\n";
        let e = edit(
            &[key("b"), Seg::Index(0), key("item"), Seg::Index(0)],
            "fr",
            "F",
        );
        let out = apply(src, &[&e], LANGS).unwrap();
        assert_eq!(
            out,
            "[[b]]\n[[b.item]]\nzh = \"甲\"\nen = \"A\"\nfr = \"F\"\n"
        );
    }

    #[test]
    fn inline_tables_crlf_and_bom_are_kept() {
        let src = "\u{FEFF}[[b]]\r\ncells = [{ zh = \"甲\", en = \"A\" }]\r\n";
        let e = edit(
            &[key("b"), Seg::Index(0), key("cells"), Seg::Index(0)],
            "en",
            "B",
        );
        let out = apply(src, &[&e], LANGS).unwrap();
        assert_eq!(
            out,
            "\u{FEFF}[[b]]\r\ncells = [{ zh = \"甲\", en = \"B\" }]\r\n"
        );
        let e = edit(
            &[key("b"), Seg::Index(0), key("cells"), Seg::Index(0)],
            "fr",
            "F",
        );
        let out = apply(src, &[&e], LANGS).unwrap();
        assert_eq!(
            out,
            "\u{FEFF}[[b]]\r\ncells = [{ zh = \"甲\", en = \"A\", fr = \"F\" }]\r\n"
        );
    }

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(
            literal("a\u{202F}:\u{200B}\\ é", false),
            "\"a\\u202F:\\u200B\\\\ é\""
        );
        assert_eq!(literal("\u{1D11E}", false), "\"\u{1D11E}\"");
    }
}
