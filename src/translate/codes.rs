//! A text as a translator sees it: words to translate between inline codes
//! to keep. Placeholders (`{regions.count:words}`) are standalone codes;
//! markup (`{**…**}`, `{*…*}`, `{[…](url)}`, `{^…}`) is a pair of codes,
//! its opening and its closing, around words that stay translatable.

use crate::placeholder::{self, Markup, Piece};

/// A piece of a text: words, or an inline code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Words, braces unescaped: what the reader sees.
    Text(String),
    /// An inline code.
    Code(Code),
}

/// What an inline code stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A placeholder (XLIFF `<ph>`).
    Placeholder,
    /// The opening of markup (XLIFF `<bpt>`).
    Open,
    /// The closing of markup (XLIFF `<ept>`).
    Close,
}

/// An inline code: its kind, its number in the text (an opening and its
/// closing share one) and the text syntax it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// Placeholder, opening or closing.
    pub kind: CodeKind,
    /// Number within the text, from 1.
    pub id: usize,
    /// XLIFF `ctype`: `bold`, `italic`, `link`, `x-footnote`,
    /// `x-placeholder`; empty for a closing.
    pub ctype: &'static str,
    /// The syntax it stands for, e.g. `{figure.kap-structure}` or `{**`.
    pub native: String,
}

/// The parts of a text. A text that does not parse (never one that passed
/// `check`) is one part of words.
pub fn split(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    match placeholder::parse(text) {
        Ok(pieces) => walk(text, &pieces, &mut 0, &mut parts),
        Err(_) => parts.push(Part::Text(text.to_string())),
    }
    parts
}

fn walk(text: &str, pieces: &[Piece<'_>], last_id: &mut usize, parts: &mut Vec<Part>) {
    let code = |kind, id, ctype, native: String| {
        Part::Code(Code {
            kind,
            id,
            ctype,
            native,
        })
    };
    for piece in pieces {
        match piece {
            Piece::Lit(s) => match parts.last_mut() {
                Some(Part::Text(t)) => t.push_str(s),
                _ => parts.push(Part::Text(s.clone())),
            },
            Piece::Hole(hole) => {
                *last_id += 1;
                let native = text[hole.range.clone()].to_string();
                parts.push(code(
                    CodeKind::Placeholder,
                    *last_id,
                    "x-placeholder",
                    native,
                ));
            }
            Piece::Markup { kind, inner, .. } => {
                *last_id += 1;
                let id = *last_id;
                let (ctype, open, close) = delimiters(kind);
                parts.push(code(CodeKind::Open, id, ctype, open.to_string()));
                walk(text, inner, last_id, parts);
                parts.push(code(CodeKind::Close, id, "", close));
            }
        }
    }
}

/// The XLIFF `ctype` of markup and the syntax that opens and closes it.
fn delimiters(kind: &Markup) -> (&'static str, &'static str, String) {
    match kind {
        Markup::Strong => ("bold", "{**", "**}".into()),
        Markup::Emph => ("italic", "{*", "*}".into()),
        Markup::Link(url) => ("link", "{[", format!("]({url})}}")),
        Markup::Note => ("x-footnote", "{^", "}".into()),
    }
}

/// The parts of a translation, its codes numbered as the codes of its
/// source that they correspond to: a placeholder by its syntax, else by
/// its path (a translation may show `{regions.count}` where the source has
/// `{regions.count:words}`); markup by its opening and closing. Codes with
/// no counterpart are numbered after the source's.
pub fn split_like(text: &str, source: &[Part]) -> Vec<Part> {
    let mut parts = split(text);
    let mut free: Vec<&Code> = source
        .iter()
        .filter_map(|p| match p {
            Part::Code(c) if c.kind != CodeKind::Close => Some(c),
            _ => None,
        })
        .collect();
    let mut next = free.iter().map(|c| c.id).max().unwrap_or(0);
    let mut ids = std::collections::HashMap::new();
    let heads: Vec<(usize, String, String)> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Code(c) if c.kind != CodeKind::Close => {
                Some((c.id, c.native.clone(), closing(&parts, c.id)))
            }
            _ => None,
        })
        .collect();
    for exact in [true, false] {
        for (id, native, close) in &heads {
            if ids.contains_key(id) {
                continue;
            }
            let found = free.iter().position(|c| {
                if c.kind == CodeKind::Placeholder && !exact {
                    path(&c.native) == path(native)
                } else {
                    c.native == *native && closing(source, c.id) == *close
                }
            });
            if let Some(i) = found {
                ids.insert(*id, free.remove(i).id);
            }
        }
    }
    for (id, ..) in &heads {
        ids.entry(*id).or_insert_with(|| {
            next += 1;
            next
        });
    }
    for part in &mut parts {
        if let Part::Code(c) = part {
            c.id = ids[&c.id];
        }
    }
    parts
}

/// The syntax of the closing of markup `id` (empty for a placeholder).
fn closing(parts: &[Part], id: usize) -> String {
    parts
        .iter()
        .find_map(|p| match p {
            Part::Code(c) if c.kind == CodeKind::Close && c.id == id => Some(c.native.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A placeholder's path: its syntax without braces and format.
pub fn path(native: &str) -> &str {
    let inner = native.trim_start_matches('{').trim_end_matches('}');
    inner.split(':').next().unwrap_or(inner)
}

/// The text the parts stand for: words with their braces doubled again,
/// codes as their syntax. `join(&split(t)) == t` for every valid text.
pub fn join(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => placeholder::escape(t),
            Part::Code(c) => c.native.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_markup_become_codes() {
        let parts = split(
            "See {[Resolution {resolution.87.id}](https://www.itu.int/r87)}{^In {**Kigali**}.} {{x}}",
        );
        let natives: Vec<String> = parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => format!("T:{t}"),
                Part::Code(c) => format!("{:?}{}:{}", c.kind, c.id, c.native),
            })
            .collect();
        assert_eq!(
            natives,
            [
                "T:See ",
                "Open1:{[",
                "T:Resolution ",
                "Placeholder2:{resolution.87.id}",
                "Close1:](https://www.itu.int/r87)}",
                "Open3:{^",
                "T:In ",
                "Open4:{**",
                "T:Kigali",
                "Close4:**}",
                "T:.",
                "Close3:}",
                "T: {x}",
            ]
        );
    }

    #[test]
    fn a_translation_is_numbered_as_its_source() {
        let source = split("{a} and {b:words} in {**bold {c}**}");
        let ids = |parts: &[Part]| -> Vec<String> {
            parts
                .iter()
                .filter_map(|p| match p {
                    Part::Code(c) => Some(format!("{}{}", c.id, c.native)),
                    Part::Text(_) => None,
                })
                .collect()
        };
        assert_eq!(
            ids(&split_like("{**gras {c}**}, {b} et {a}, {d}", &source)),
            ["3{**", "4{c}", "3**}", "2{b}", "1{a}", "5{d}"]
        );
    }

    #[test]
    fn join_gives_the_text_back() {
        for text in [
            "plain",
            "共{regions.count:words}大区域的{initiatives.count}项",
            "{*a*} {**b {name}**} {[c](mailto:x@itu.int)} {^d {{e}}}",
            "{{literal}} and }} alone",
            "",
        ] {
            assert_eq!(join(&split(text)), text);
        }
    }
}
