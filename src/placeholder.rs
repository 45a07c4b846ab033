//! The syntax of texts: placeholders `{regions.count:words}`, `{name}`;
//! inline markup `{**strong**}`, `{*emphasis*}`, `{[label](https://…)}`,
//! `{^footnote}`; `{{` and `}}` for literal braces. Everything else is
//! literal text: Typst, XML or Markdown syntax in a text is printed as it
//! is written.

use std::ops::Range;

/// A piece of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (braces already unescaped).
    Lit(String),
    /// A placeholder.
    Hole(Hole<'a>),
    /// Marked-up text.
    Markup {
        /// What kind of markup.
        kind: Markup,
        /// The text inside.
        inner: Vec<Piece<'a>>,
        /// Byte range of the whole markup, braces included.
        range: Range<usize>,
    },
}

/// Inline markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Markup {
    /// `{**…**}`.
    Strong,
    /// `{*…*}`.
    Emph,
    /// `{[…](url)}`.
    Link(String),
    /// `{^…}`.
    Note,
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

/// A syntax error in a text.
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

/// The byte index of the `}` closing the brace at `open`. A placeholder
/// ends at the first `}`; markup (`{*`, `{[`, `{^`) may hold placeholders,
/// markup and, at its own level, `{{` and `}}` for literal braces.
fn closing(text: &str, open: usize, end: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[..end];
    if !matches!(bytes.get(open + 1), Some(b'*' | b'[' | b'^')) {
        return text[open..end].find('}').map(|j| open + j);
    }
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if i > open && bytes.get(i + 1) == Some(&b'{') => i += 1,
            b'}' if depth == 1 && bytes.get(i + 1) == Some(&b'}') => i += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits a text into pieces; reports every syntax error.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, Vec<SyntaxError>> {
    let mut errors = Vec::new();
    let pieces = parse_in(text, 0..text.len(), false, &mut errors);
    if errors.is_empty() {
        Ok(pieces)
    } else {
        Err(errors)
    }
}

fn parse_in<'a>(
    text: &'a str,
    range: Range<usize>,
    in_note: bool,
    errors: &mut Vec<SyntaxError>,
) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut i = range.start;
    let end = range.end;
    let flush = |lit: &mut String, pieces: &mut Vec<Piece<'a>>| {
        if !lit.is_empty() {
            pieces.push(Piece::Lit(std::mem::take(lit)));
        }
    };
    while i < end {
        let rest = &text[i..end];
        let c = rest.chars().next().unwrap_or(' ');
        if rest.starts_with("{{") || rest.starts_with("}}") {
            lit.push(c);
            i += 2;
            continue;
        }
        if c == '}' {
            errors.push(SyntaxError {
                message: "`}` without a `{`; write `}}` for a literal brace".into(),
                range: i..i + 1,
            });
            lit.push(c);
            i += 1;
            continue;
        }
        if c != '{' {
            lit.push(c);
            i += c.len_utf8();
            continue;
        }
        let Some(close) = closing(text, i, end) else {
            errors.push(SyntaxError {
                message: "`{` is never closed; write `{{` for a literal brace".into(),
                range: i..i + 1,
            });
            lit.push(c);
            i += 1;
            continue;
        };
        let whole = i..close + 1;
        let inner = &text[i + 1..close];
        flush(&mut lit, &mut pieces);
        match markup(text, i + 1, close, in_note, errors) {
            Some(piece) => pieces.push(piece),
            None if inner.starts_with(['*', '[', '^']) => {}
            None => match hole(inner, whole.clone()) {
                Ok(hole) => pieces.push(Piece::Hole(hole)),
                Err(e) => errors.push(e),
            },
        }
        i = close + 1;
    }
    flush(&mut lit, &mut pieces);
    pieces
}

/// Markup between `{` (at `start - 1`) and `}` (at `close`).
fn markup<'a>(
    text: &'a str,
    start: usize,
    close: usize,
    in_note: bool,
    errors: &mut Vec<SyntaxError>,
) -> Option<Piece<'a>> {
    let inner = &text[start..close];
    let range = start - 1..close + 1;
    let bad = |message: &str| SyntaxError {
        message: message.into(),
        range: start - 1..close + 1,
    };
    let (kind, body) = if let Some(body) = inner.strip_prefix("**") {
        let Some(body) = body.strip_suffix("**").filter(|b| !b.is_empty()) else {
            errors.push(bad("strong text is written {**text**}"));
            return None;
        };
        (Markup::Strong, start + 2..start + 2 + body.len())
    } else if let Some(body) = inner.strip_prefix('*') {
        let Some(body) = body.strip_suffix('*').filter(|b| !b.is_empty()) else {
            errors.push(bad("emphasis is written {*text*}"));
            return None;
        };
        (Markup::Emph, start + 1..start + 1 + body.len())
    } else if inner.starts_with('[') {
        let split = inner.rfind("](").filter(|_| inner.ends_with(')'));
        let Some(split) = split else {
            errors.push(bad("a link is written {[text](https://…)}"));
            return None;
        };
        let url = &inner[split + 2..inner.len() - 1];
        let scheme_ok = ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| url.starts_with(s) && url.len() > s.len());
        if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.push(SyntaxError {
                message: format!(
                    "`{url}` is not a link address; write a full address such as https://www.itu.int/…"
                ),
                range: range.clone(),
            });
            return None;
        }
        if split == 1 {
            errors.push(bad("the link has no text: write {[text](https://…)}"));
            return None;
        }
        (Markup::Link(url.to_string()), start + 1..start + split)
    } else if let Some(body) = inner.strip_prefix('^') {
        if in_note {
            errors.push(bad("a footnote cannot hold another footnote"));
            return None;
        }
        if body.trim().is_empty() {
            errors.push(bad("the footnote is empty: write {^text of the note}"));
            return None;
        }
        (Markup::Note, start + 1..close)
    } else {
        return None;
    };
    let nested = parse_in(text, body, in_note || kind == Markup::Note, errors);
    Some(Piece::Markup {
        kind,
        inner: nested,
        range,
    })
}

fn hole(inner: &str, range: Range<usize>) -> Result<Hole<'_>, SyntaxError> {
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
    Ok(Hole {
        path: path.split('.').collect(),
        format,
        range,
    })
}

/// Escapes a string so that it is read back as literal text.
pub fn escape(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// Fills a locale pattern such as `"Figure {number} – {caption}"` with
/// named values. Unknown names are an error naming them.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let pieces = parse(pattern).map_err(|e| e[0].message.clone())?;
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
            Piece::Markup { .. } => return Err("patterns cannot hold markup".into()),
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
        assert_eq!(
            parse(&escape("{**x**}")).unwrap(),
            vec![Piece::Lit("{**x**}".into())]
        );
    }

    #[test]
    fn markup_nests_and_holds_placeholders() {
        let pieces = parse("See {[Resolution {resolution.87.id}](https://www.itu.int/r87)}{^Adopted in {**Kigali**}.}").unwrap();
        let Piece::Markup {
            kind: Markup::Link(url),
            inner,
            range,
        } = &pieces[1]
        else {
            panic!("{pieces:?}")
        };
        assert_eq!(url, "https://www.itu.int/r87");
        assert_eq!(range.start, 4);
        assert_eq!(inner[0], Piece::Lit("Resolution ".into()));
        assert!(matches!(inner[1], Piece::Hole(_)));
        let Piece::Markup {
            kind: Markup::Note,
            inner,
            ..
        } = &pieces[2]
        else {
            panic!()
        };
        assert!(matches!(
            &inner[1],
            Piece::Markup {
                kind: Markup::Strong,
                ..
            }
        ));
        assert!(matches!(
            &parse("{*x*}").unwrap()[0],
            Piece::Markup {
                kind: Markup::Emph,
                ..
            }
        ));
    }

    #[test]
    fn malformed_text_reports_every_error() {
        assert_eq!(parse("x {a").unwrap_err()[0].range, 2..3);
        assert_eq!(parse("x } y").unwrap_err()[0].range, 2..3);
        assert!(
            parse("{}").unwrap_err()[0]
                .message
                .contains("names nothing")
        );
        assert!(parse("{a b}").unwrap_err()[0].message.contains("' '"));
        assert!(parse("{a..b}").is_err());
        assert!(parse("{a:Words}").is_err());
        assert_eq!(parse("{a b} and {c d} and {**}").unwrap_err().len(), 3);
        assert!(parse("{[x](javascript:alert(1))}").is_err());
        assert!(
            parse("{^a {^b}}").unwrap_err()[0]
                .message
                .contains("another footnote")
        );
    }

    #[test]
    fn typst_and_markdown_syntax_is_literal() {
        let s = "#read(\"/etc/passwd\") $x^2$ *bold* _x_ <tag> @ref \\ // ] [a](b) **c**";
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
