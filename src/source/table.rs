//! TOML with spans: a file parsed into an owned tree whose every key and
//! value knows where it was written, and the syntax errors editors make
//! most often (Word's curly quotes, single brackets, day-first dates,
//! full-width punctuation) explained with their fix.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::diag::{Diagnostic, Diagnostics};
use crate::span::SourceFile;

/// A value with the span of its TOML literal (or table header).
#[derive(Clone, Debug)]
pub struct Node {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// The value.
    pub value: Value,
}

/// A TOML value.
#[derive(Clone, Debug)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer, or its text when it does not fit an `i64`.
    Int(Result<i64, String>),
    /// A float, as written.
    Float(String),
    /// A boolean.
    Bool(bool),
    /// A date or time.
    Datetime(Datetime),
    /// An array.
    Array(Vec<Node>),
    /// A table.
    Table(Table),
}

/// A table: its keys in the order written, with their spans.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The table's header, or its first key for dotted and inline tables.
    pub span: Range<usize>,
    /// Keys and values.
    pub entries: Vec<(Spanned<String>, Node)>,
}

impl Value {
    /// The TOML type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "a number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true or false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

impl Table {
    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    /// The span of a key.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(k, _)| k.span())
    }
}

fn convert(value: Spanned<DeValue<'_>>) -> Node {
    let span = value.span();
    let value = match value.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            Value::Int(i64::from_str_radix(&digits, i.radix()).map_err(|_| i.as_str().to_string()))
        }
        DeValue::Float(f) => Value::Float(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d),
        DeValue::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
        DeValue::Table(table) => Value::Table(convert_table(span.clone(), table)),
    };
    Node { span, value }
}

fn convert_table(span: Range<usize>, table: DeTable<'_>) -> Table {
    Table {
        span,
        entries: table
            .into_iter()
            .map(|(k, v)| {
                let key = Spanned::new(k.span(), k.into_inner().into_owned());
                (key, convert(v))
            })
            .collect(),
    }
}

/// Parses a file as TOML. All syntax errors are reported, each located and
/// explained.
pub fn parse_toml(file: &SourceFile) -> Result<Table, Diagnostics> {
    let (table, errors) = DeTable::parse_recoverable(file.text());
    if errors.is_empty() {
        let span = table.span();
        return Ok(convert_table(span, table.into_inner()));
    }
    let mut diags = Diagnostics::new();
    let mut lines = Vec::new();
    for err in errors {
        let range = err.span().unwrap_or(0..0);
        let line = file.line_index(range.start.min(file.text().len()));
        if lines.contains(&line) {
            continue;
        }
        lines.push(line);
        diags.push(explain(file, err.message().trim_end(), range));
    }
    Err(diags)
}

/// The record arrays people write with single brackets by mistake.
fn array_names() -> Vec<String> {
    let mut names: Vec<String> = crate::schema::KINDS
        .iter()
        .map(|k| k.name.to_string())
        .collect();
    names.extend(
        [
            "block",
            "summary",
            "action",
            "references",
            "block.item",
            "block.column",
            "block.row",
            "figure.target",
        ]
        .map(String::from),
    );
    names
}

/// A located diagnostic for a TOML syntax error, naming the editor's slip
/// when it is a known one.
fn explain(file: &SourceFile, message: &str, range: Range<usize>) -> Diagnostic {
    let site = Site::new(file, range.start);
    site.curly_quote()
        .or_else(|| site.single_brackets())
        .or_else(|| site.day_first_date())
        .or_else(|| site.look_alike_letter())
        .or_else(|| site.full_width())
        .unwrap_or_else(|| site.plain(message, range.end))
}

/// Where a TOML syntax error stands: the offset, its line and the text
/// from there on.
struct Site<'f> {
    file: &'f SourceFile,
    at: usize,
    line: &'f str,
    here: &'f str,
}

impl<'f> Site<'f> {
    fn new(file: &'f SourceFile, start: usize) -> Self {
        let text = file.text();
        let at = start.min(text.len());
        Site {
            file,
            at,
            line: &text[file.line_range(file.line_index(at))],
            here: text.get(at..).unwrap_or(""),
        }
    }

    /// Word's “smart quotes” around a value.
    fn curly_quote(&self) -> Option<Diagnostic> {
        let q = self
            .here
            .chars()
            .next()
            .filter(|c| matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»'))?;
        Some(Diagnostic::error(format!(
            "a string is enclosed in curly quotes `{q}`, which TOML does not read as quotes"
        ))
        .at(self.file.span(self.at..self.at + q.len_utf8()), "curly quote")
        .with_help(
            "type straight quotes: \"…\" (word processors turn them curly: edit records in a plain-text editor, or turn off smart quotes)",
        ))
    }

    /// `[initiative]` where `[[initiative]]` was meant.
    fn single_brackets(&self) -> Option<Diagnostic> {
        let (file, line) = (self.file, self.line);
        let trimmed = line.trim();
        let name = trimmed
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .filter(|s| !s.starts_with('[') && !s.ends_with(']'))
            .map(str::trim)
            .filter(|name| array_names().iter().any(|n| n == name))?;
        let start = file.line_range(file.line_index(self.at)).start + line.find('[').unwrap_or(0);
        Some(single_bracket(file, start..start + trimmed.len(), name))
    }

    /// A date typed day first: 15/04/2024 or 15.04.2024.
    fn day_first_date(&self) -> Option<Diagnostic> {
        let token: String = self
            .here
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | '-'))
            .collect();
        let iso = day_first_date(&token)?;
        Some(
            Diagnostic::error(format!("`{token}` is not a date TOML can read"))
                .at(
                    self.file.span(self.at..self.at + token.len()),
                    "dates are written year-month-day",
                )
                .with_help(format!("write {iso}")),
        )
    }

    /// A look-alike letter (Cyrillic, Greek) in a bare key.
    fn look_alike_letter(&self) -> Option<Diagnostic> {
        let (file, at) = (self.file, self.at);
        let text = file.text();
        let c = self
            .here
            .chars()
            .next()
            .filter(|c| !c.is_ascii() && c.is_alphabetic())?;
        let line_range = file.line_range(file.line_index(at));
        let is_key =
            |c: char| !c.is_whitespace() && !matches!(c, '=' | '.' | '[' | ']' | '"' | '\'');
        let start = line_range.start
            + text[line_range.start..at]
                .rfind(|c| !is_key(c))
                .map_or(0, |i| i + 1);
        let end = at
            + text[at..line_range.end]
                .find(|c| !is_key(c))
                .unwrap_or(line_range.end - at);
        let key = &text[start..end];
        let skeleton: String = key
            .chars()
            .map(|c| crate::chars::ascii_look_alike(c).unwrap_or_else(|| c.to_string()))
            .collect();
        let help = if skeleton.is_ascii() {
            format!("it looks like `{skeleton}`: type that in plain ASCII")
        } else {
            "keys are written in ASCII letters, digits, `-` and `_`".to_string()
        };
        Some(
            Diagnostic::error(format!(
                "key `{key}` contains {}",
                crate::chars::describe_char(c)
            ))
            .at(file.span(at..at + c.len_utf8()), "not an ASCII letter")
            .with_help(help),
        )
    }

    /// Full-width punctuation from a Chinese keyboard in the TOML syntax.
    fn full_width(&self) -> Option<Diagnostic> {
        let here = self.here;
        let c = here
            .chars()
            .take(8)
            .find(|c| ('\u{FF01}'..='\u{FF5E}').contains(c))?;
        let ascii = char::from_u32(u32::from(c) - 0xFEE0).unwrap_or('?');
        let pos = self.at + here.find(c).unwrap_or(0);
        Some(
            Diagnostic::error(format!(
                "full-width {} in the TOML syntax",
                crate::chars::describe_char(c)
            ))
            .at(
                self.file.span(pos..pos + c.len_utf8()),
                format!("TOML needs the ASCII `{ascii}`"),
            )
            .with_help(format!(
                "type `{ascii}` (switch the keyboard to half-width for keys, `=`, quotes and brackets)"
            )),
        )
    }

    /// The parser's own message, split into a headline and a label.
    fn plain(&self, message: &str, end: usize) -> Diagnostic {
        let (headline, label) = match message.split_once(", expected") {
            Some((head, rest)) => (head.to_string(), format!("expected{rest}")),
            None => (
                message.lines().next().unwrap_or("invalid TOML").to_string(),
                String::new(),
            ),
        };
        let end = end.min(self.file.text().len()).max(self.at);
        Diagnostic::error(headline).at(self.file.span(self.at..end), label)
    }
}

/// The error for `[name]` where `[[name]]` was meant.
pub fn single_bracket(file: &SourceFile, range: Range<usize>, name: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "`[{name}]` with single brackets opens one table; each record or block is a `[[{name}]]`"
    ))
    .at(file.span(range), "single brackets")
    .with_help(format!(
        "write [[{name}]] (double brackets) before each one"
    ))
}

/// `15/04/2024` → `2024-04-15`, if the token is a day-first date.
fn day_first_date(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split(['/', '.']).collect();
    if parts.len() != 3 || token.contains('-') {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (day, month, year) = (n[0], n[1], n[2]);
    let year = if parts[2].len() == 2 {
        2000 + year
    } else {
        year
    };
    ((1..=31).contains(&day) && (1..=12).contains(&month) && (1000..=9999).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(src: &str) -> Diagnostic {
        let file = SourceFile::new("x.toml", src.into());
        parse_toml(&file).unwrap_err().remove(0)
    }

    #[test]
    fn values_keep_their_spans() {
        let src = "[[block]]\nkind = \"para\"\ntext.zh = \"非洲\"\nn = 0x10\n";
        let file = SourceFile::new("x.toml", src.into());
        let table = parse_toml(&file).unwrap();
        let Value::Array(blocks) = &table.get("block").unwrap().value else {
            panic!()
        };
        let Value::Table(block) = &blocks[0].value else {
            panic!()
        };
        assert_eq!(&src[block.span.clone()], "[[block]]");
        let Value::Table(text) = &block.get("text").unwrap().value else {
            panic!()
        };
        assert_eq!(&src[text.get("zh").unwrap().span.clone()], "\"非洲\"");
        assert!(matches!(block.get("n").unwrap().value, Value::Int(Ok(16))));
    }

    #[test]
    fn slips_are_named() {
        assert!(error("a = “x”\n").message.contains("curly quotes"));
        let e = error("[initiative]\nid = \"A\"\n[initiative]\nid = \"B\"\n");
        assert!(e.message.contains("`[initiative]`"), "{}", e.message);
        assert_eq!(e.span.unwrap().0.location(), "x.toml:3:1");
        let e = error("date = 15/04/2024\n");
        assert_eq!(e.help.as_deref(), Some("write 2024-04-15"));
        let e = error("a ＝ 1\n");
        assert!(e.message.contains("FULLWIDTH EQUALS SIGN"), "{}", e.message);
    }

    #[test]
    fn every_error_is_reported() {
        let file = SourceFile::new("x.toml", "a = “x”\nb = 1\nc = ‘y’\n".into());
        assert_eq!(parse_toml(&file).unwrap_err().len(), 2);
    }
}
