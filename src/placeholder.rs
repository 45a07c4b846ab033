//! Placeholders in texts: `{regions.count:words}`, `{figure.kap-structure}`,
//! `{name}`; `{{` and `}}` stand for literal braces.

use std::ops::Range;

/// A piece of a text: literal text or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (braces already unescaped).
    Lit(String),
    /// A placeholder.
    Hole(Hole<'a>),
}

/// A placeholder: a dotted path and an optional format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hole<'a> {
    /// The segments of the path, e.g. `["regions", "count"]`.
    pub path: Vec<&'a str>,
    /// The format after `:`, e.g. `words`.
    pub format: Option<&'a str>,
    /// Byte range of the whole placeholder, braces included.
    pub range: Range<usize>,
}

impl Hole<'_> {
    /// The placeholder as written, without braces.
    pub fn source(&self) -> String {
        let mut s = self.path.join(".");
        if let Some(f) = self.format {
            s.push(':');
            s.push_str(f);
        }
        s
    }
}

/// A syntax error in a text's placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the text.
    pub range: Range<usize>,
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')
}

/// Splits a text into literal pieces and placeholders.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, SyntaxError> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '}' => {
                return Err(SyntaxError {
                    message: "`}` without a `{`; write `}}` for a literal brace".into(),
                    range: i..i + 1,
                });
            }
            '{' => {
                let Some(close) = text[i + 1..].find('}').map(|j| i + 1 + j) else {
                    return Err(SyntaxError {
                        message: "`{` is never closed; write `{{` for a literal brace".into(),
                        range: i..i + 1,
                    });
                };
                let inner = &text[i + 1..close];
                let range = i..close + 1;
                let (path, format) = match inner.split_once(':') {
                    Some((path, format)) => (path, Some(format)),
                    None => (inner, None),
                };
                let bad = |what: &str| SyntaxError {
                    message: format!("malformed placeholder `{{{inner}}}`: {what}"),
                    range: range.clone(),
                };
                if path.is_empty() {
                    return Err(bad("it names nothing"));
                }
                if let Some(c) = path.chars().find(|&c| !is_path_char(c)) {
                    return Err(bad(&format!("{c:?} cannot appear in a placeholder")));
                }
                if path.split('.').any(str::is_empty) {
                    return Err(bad("empty name between dots"));
                }
                if let Some(f) = format
                    && (f.is_empty() || !f.chars().all(|c| c.is_ascii_lowercase()))
                {
                    return Err(bad("the format after `:` must be a word such as `words`"));
                }
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Hole(Hole {
                    path: split_path(path),
                    format,
                    range,
                }));
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}

/// Splits a path on dots, keeping ids such as `Q1/1` whole; an id with a
/// dot cannot be named (no id pattern allows one).
fn split_path(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// Fills a locale pattern such as `"Figure {number} – {caption}"` with
/// named values. Unknown names are an error naming them.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let pieces = parse(pattern).map_err(|e| e.message)?;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Lit(s) => out.push_str(&s),
            Piece::Hole(hole) => {
                let name = hole.source();
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        let known: Vec<String> =
                            values.iter().map(|(k, _)| format!("{{{k}}}")).collect();
                        return Err(format!(
                            "unknown placeholder `{{{name}}}`; this pattern takes {}",
                            known.join(", ")
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hole<'a>(path: &[&'a str], format: Option<&'a str>, range: Range<usize>) -> Piece<'a> {
        Piece::Hole(Hole {
            path: path.to_vec(),
            format,
            range,
        })
    }

    #[test]
    fn splits_literals_and_placeholders() {
        let pieces = parse("共{regions.count:words}大区域的{initiatives.count}项").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Lit("共".into()),
                hole(&["regions", "count"], Some("words"), 3..24),
                Piece::Lit("大区域的".into()),
                hole(&["initiatives", "count"], None, 36..55),
                Piece::Lit("项".into()),
            ]
        );
    }

    #[test]
    fn ids_with_slashes_stay_whole() {
        let pieces = parse("{question.Q1/1.title}").unwrap();
        assert_eq!(
            pieces,
            vec![hole(&["question", "Q1/1", "title"], None, 0..21)]
        );
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(
            parse("a {{b}} c").unwrap(),
            vec![Piece::Lit("a {b} c".into())]
        );
    }

    #[test]
    fn malformed_placeholders_are_errors() {
        assert_eq!(parse("x {a").unwrap_err().range, 2..3);
        assert_eq!(parse("x } y").unwrap_err().range, 2..3);
        assert!(parse("{}").unwrap_err().message.contains("names nothing"));
        assert!(parse("{a b}").unwrap_err().message.contains("' '"));
        assert!(parse("{a..b}").is_err());
        assert!(parse("{a:}").is_err());
        assert!(parse("{a:Words}").is_err());
    }

    #[test]
    fn text_without_braces_is_one_literal() {
        let s = "#read(\"/etc/passwd\") $x^2$ *bold* _x_ <tag> @ref \\ // ]";
        assert_eq!(parse(s).unwrap(), vec![Piece::Lit(s.into())]);
    }

    #[test]
    fn fill_names_unknown_placeholders() {
        assert_eq!(
            fill(
                "图{number}：{caption}",
                &[("number", "2"), ("caption", "结构")]
            )
            .unwrap(),
            "图2：结构"
        );
        let err = fill("Figure {num}", &[("number", "2")]).unwrap_err();
        assert!(err.contains("`{num}`") && err.contains("{number}"), "{err}");
    }
}
