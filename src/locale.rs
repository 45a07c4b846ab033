//! Locales: everything language-specific that is not report content
//! (labels, column headers, patterns, number words, dates, direction,
//! fonts), read from `templates/locales/<code>.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::placeholder::fill;
use crate::schema;
use crate::source::Dir;
use crate::span::SourceFile;

/// The directory of locale files inside `templates/`.
pub const LOCALES_DIR: &str = "locales";

/// A locale file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    /// Language code; must match the file name.
    pub code: Spanned<String>,
    /// ITU's language letter in document numbers (C, E, F, S, R, A).
    pub letter: Spanned<String>,
    /// BCP 47 tag, e.g. `zh-CN`, for Word, the PDF and Typst.
    pub tag: Spanned<String>,
    /// Text direction: `ltr` or `rtl`.
    #[serde(default = "ltr")]
    pub dir: Direction,
    /// Whether paragraphs are justified.
    pub justify: bool,
    /// The Unicode script of the language's letters (`Latin`, `Han`,
    /// `Arabic`, `Cyrillic`): letters of other scripts in its texts are
    /// flagged, Latin codes and acronyms excepted.
    pub script: Spanned<String>,
    /// Which of Word's language slots carries this language.
    pub word_script: WordScript,
    /// How revisions compare texts: by word or by character.
    pub diff: DiffUnit,
    /// Number words from zero upwards.
    pub number_words: Vec<String>,
    /// Month names, January first, for `{month_name}` in `date`.
    #[serde(default)]
    pub months: Vec<String>,
    /// Between the items of `{<collection>.list}`.
    pub list_separator: String,
    /// Names of languages, for "Original: English".
    pub language_names: BTreeMap<String, String>,
    /// Fixed words of the layout.
    pub labels: Labels,
    /// Column headers of record tables, by `<kind>.<field>`.
    #[serde(default)]
    pub headers: BTreeMap<String, Spanned<String>>,
    /// How a record is written as a list item, by kind.
    #[serde(default)]
    pub items: BTreeMap<String, Spanned<String>>,
    /// Patterns that combine labels and values.
    pub patterns: Patterns,
    /// Fonts of the editions.
    pub fonts: Fonts,
}

fn ltr() -> Direction {
    Direction::Ltr
}

/// Text direction.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// How revisions compare the texts of a language.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DiffUnit {
    /// Word by word (alphabetic scripts).
    Word,
    /// Character by character (Chinese).
    Char,
}

/// Word keeps three languages per run: of Latin text (`w:val`), of East
/// Asian text (`w:eastAsia`) and of complex scripts (`w:bidi`). An
/// edition's language goes into the slot of its script.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum WordScript {
    /// Latin, Greek, Cyrillic: `w:val`.
    Latin,
    /// Chinese, Japanese, Korean: `w:eastAsia`.
    EastAsian,
    /// Arabic, Hebrew and other complex scripts: `w:bidi`.
    Complex,
}

/// Fixed words of the layout.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// "Source:".
    pub source: String,
    /// "Title:".
    pub title: String,
    /// "Summary:".
    pub summary: String,
    /// "Action required:".
    pub action: String,
    /// "References:".
    pub references: String,
    /// Marker of dash lists.
    pub dash: String,
    /// Marker of bullet lists.
    pub bullet: String,
    /// Between a paragraph's bold run-in label and its text.
    pub lead_separator: String,
    /// The watermark of draft editions.
    pub draft: String,
}

/// Patterns with placeholders, filled per document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// `{number}` with the language letter: "Document {number}".
    pub document: Spanned<String>,
    /// `{revision}`, `{number}`: "Revision {revision} to Document {number}".
    pub revision: Spanned<String>,
    /// `{language}`: "Original: {language}".
    pub original: Spanned<String>,
    /// `{year}`, `{month}`, `{month_name}`, `{day}`.
    pub date: Spanned<String>,
    /// `{number}`, `{caption}`.
    pub figure_caption: Spanned<String>,
    /// `{number}`, `{caption}`.
    pub table_caption: Spanned<String>,
    /// `{number}`: "Figure {number}".
    pub figure_ref: Spanned<String>,
    /// `{number}`: "Table {number}".
    pub table_ref: Spanned<String>,
    /// `{page}`: the running header's page number.
    pub page: Spanned<String>,
    /// `{time}`: the stamp of draft editions.
    pub draft_stamp: Spanned<String>,
    /// `{name}`, `{start}`, `{end}`: a row of a timeline in its `{rows}`.
    pub timeline_row: Spanned<String>,
    /// `{name}`, `{start}`, `{until}`: an open-ended row.
    pub timeline_row_open: Spanned<String>,
}

/// Fonts of an edition.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Typst font list, first choice first.
    pub pdf: Vec<PdfFont>,
    /// Word font for Latin text.
    pub docx_latin: String,
    /// Word font for East Asian text.
    pub docx_east_asia: String,
    /// Word font for complex scripts (Arabic).
    pub docx_complex: String,
    /// Space between the lines of a paragraph in the PDF, in em: 0.6 suits
    /// Latin and Chinese; Arabic, with its tall marks, needs more. Word
    /// takes line heights from the fonts themselves.
    #[serde(default = "default_leading")]
    pub leading: Spanned<f64>,
}

fn default_leading() -> Spanned<f64> {
    Spanned::new(0..0, 0.6)
}

/// One font family in Typst's fallback list.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PdfFont {
    /// Family name.
    pub name: String,
    /// Typst `covers`, e.g. `latin-in-cjk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

/// The names each pattern takes, for validating locale files.
const PATTERN_NAMES: [(&str, &[&str]); 12] = [
    ("document", &["number"]),
    ("revision", &["revision", "number"]),
    ("original", &["language"]),
    ("date", &["year", "month", "month_name", "day"]),
    ("figure_caption", &["number", "caption"]),
    ("table_caption", &["number", "caption"]),
    ("figure_ref", &["number"]),
    ("table_ref", &["number"]),
    ("page", &["page"]),
    ("draft_stamp", &["time"]),
    ("timeline_row", &["name", "start", "end"]),
    ("timeline_row_open", &["name", "start", "until"]),
];

impl Patterns {
    fn all(&self) -> [&Spanned<String>; 12] {
        [
            &self.document,
            &self.revision,
            &self.original,
            &self.date,
            &self.figure_caption,
            &self.table_caption,
            &self.figure_ref,
            &self.table_ref,
            &self.page,
            &self.draft_stamp,
            &self.timeline_row,
            &self.timeline_row_open,
        ]
    }
}

/// A locale with the file it was read from.
#[derive(Debug)]
pub struct LocaleFile {
    /// The file, for spans.
    pub file: SourceFile,
    /// The locale.
    pub value: Locale,
}

impl LocaleFile {
    /// The language code.
    pub fn code(&self) -> &str {
        self.value.code.get_ref()
    }

    /// The Unicode script of the language's letters, if `script` names one.
    pub fn script(&self) -> Option<unicode_script::Script> {
        unicode_script::Script::from_full_name(self.value.script.get_ref())
    }

    /// The number in words, if the locale has a word for it.
    pub fn number_word(&self, n: i64) -> Option<&str> {
        usize::try_from(n)
            .ok()
            .and_then(|i| self.value.number_words.get(i))
            .map(String::as_str)
    }

    /// A date in the locale's format.
    pub fn date(&self, year: u16, month: u8, day: u8) -> String {
        let month_name = self
            .value
            .months
            .get(usize::from(month).wrapping_sub(1))
            .cloned()
            .unwrap_or_default();
        self.fill(
            &self.value.patterns.date,
            &[
                ("year", &year.to_string()),
                ("month", &month.to_string()),
                ("month_name", &month_name),
                ("day", &day.to_string()),
            ],
        )
    }

    /// Fills one of the locale's patterns (validated when loaded).
    pub fn fill(&self, pattern: &Spanned<String>, values: &[(&str, &str)]) -> String {
        fill(pattern.get_ref(), values).unwrap_or_else(|_| pattern.get_ref().clone())
    }

    /// The column header of a field of a kind: `question.id`, then `id`.
    pub fn header(&self, kind: &str, field: &str) -> Option<&str> {
        self.value
            .headers
            .get(&format!("{kind}.{field}"))
            .or_else(|| self.value.headers.get(field))
            .map(|s| s.get_ref().as_str())
    }

    fn span(&self, s: &Spanned<impl Sized>) -> crate::span::Span {
        self.file.span(s.span())
    }

    /// Checks the locale's own consistency: code, letter, tag, leading,
    /// script, patterns, headers and item patterns.
    fn validate(&self, expected_code: &str) -> Diagnostics {
        let mut diags = Vec::new();
        self.check_identity(expected_code, &mut diags);
        self.check_leading_and_script(&mut diags);
        self.check_patterns(&mut diags);
        self.check_headers(&mut diags);
        self.check_items(&mut diags);
        diags
    }

    /// The code matches the file name; the letter and the tag are well formed.
    fn check_identity(&self, expected_code: &str, diags: &mut Diagnostics) {
        let v = &self.value;
        if v.code.get_ref() != expected_code {
            diags.push(
                Diagnostic::error(format!(
                    "locale file for `{expected_code}` says its code is `{}`",
                    v.code.get_ref()
                ))
                .at(self.span(&v.code), format!("expected \"{expected_code}\"")),
            );
        }
        let letter = v.letter.get_ref();
        if letter.len() != 1 || !letter.chars().all(|c| c.is_ascii_uppercase()) {
            diags.push(
                Diagnostic::error("the language letter must be one capital ASCII letter")
                    .at(self.span(&v.letter), "such as \"E\" or \"C\""),
            );
        }
        let tag = v.tag.get_ref();
        let primary = tag.split('-').next().unwrap_or("");
        if primary.len() < 2 || !primary.chars().all(|c| c.is_ascii_lowercase()) {
            diags.push(
                Diagnostic::error(format!("`{tag}` is not a language tag"))
                    .at(self.span(&v.tag), "such as \"en-GB\" or \"zh-CN\""),
            );
        }
    }

    /// The leading is in range and the script is a Unicode script.
    fn check_leading_and_script(&self, diags: &mut Diagnostics) {
        let v = &self.value;
        let leading = &v.fonts.leading;
        if !(0.0..=3.0).contains(leading.get_ref()) {
            diags.push(
                Diagnostic::error(format!(
                    "leading of {} em is out of range",
                    leading.get_ref()
                ))
                .at(self.span(leading), "from 0 to 3")
                .with_help("the space between lines in em; 0.6 suits Latin and Chinese text"),
            );
        }
        if self.script().is_none() {
            diags.push(
                Diagnostic::error(format!("`{}` is not a Unicode script", v.script.get_ref())).at(
                    self.span(&v.script),
                    "such as \"Latin\", \"Han\", \"Arabic\" or \"Cyrillic\"",
                ),
            );
        }
    }

    /// Every pattern fills with its placeholders; a date pattern with month
    /// names has twelve of them.
    fn check_patterns(&self, diags: &mut Diagnostics) {
        let v = &self.value;
        for (pattern, (name, names)) in v.patterns.all().into_iter().zip(PATTERN_NAMES) {
            let values: Vec<(&str, &str)> = names.iter().map(|n| (*n, "")).collect();
            if let Err(message) = fill(pattern.get_ref(), &values) {
                diags.push(
                    Diagnostic::error(format!("bad pattern `{name}`"))
                        .at(self.span(pattern), message),
                );
            }
        }
        if v.patterns.date.get_ref().contains("{month_name}") && v.months.len() != 12 {
            diags.push(
                Diagnostic::error(
                    "the date pattern uses {month_name} but `months` does not list 12 months",
                )
                .at(self.span(&v.patterns.date), "uses {month_name}"),
            );
        }
    }

    /// Every column header names a field of a record.
    fn check_headers(&self, diags: &mut Diagnostics) {
        for (key, header) in &self.value.headers {
            let (kind, field) = key.split_once('.').unwrap_or(("", key));
            let known = if kind.is_empty() {
                schema::KINDS
                    .iter()
                    .any(|k| k.field_names().contains(&field))
            } else {
                schema::kind_named(kind).is_some_and(|k| k.field_names().contains(&field))
            };
            if !known {
                diags.push(
                    Diagnostic::error(format!("`{key}` names no field of a record"))
                        .at(self.span(header), "column header")
                        .with_help("headers are keyed by <kind>.<field>, such as \"question.title\", or by a field name"),
                );
            }
        }
    }

    /// Every item pattern is of a kind of record and fills with its fields.
    fn check_items(&self, diags: &mut Diagnostics) {
        for (kind, pattern) in &self.value.items {
            let Some(k) = schema::kind_named(kind) else {
                let kinds: Vec<&str> = schema::KINDS.iter().map(|k| k.name).collect();
                diags.push(
                    Diagnostic::error(format!("`{kind}` is not a kind of record"))
                        .at(self.span(pattern), "item pattern")
                        .with_help(crate::diag::suggestion(kind, &kinds, "the kinds")),
                );
                continue;
            };
            let names = k.field_names();
            let values: Vec<(&str, &str)> = names.iter().map(|n| (*n, "")).collect();
            if let Err(message) = fill(pattern.get_ref(), &values) {
                diags.push(
                    Diagnostic::error(format!("bad item pattern for `{kind}`"))
                        .at(self.span(pattern), message),
                );
            }
        }
    }
}

/// Reads and validates the locale of one language.
pub fn load(templates: &Dir, code: &str) -> Result<LocaleFile, Diagnostics> {
    let rel = Path::new(LOCALES_DIR).join(format!("{code}.toml"));
    let file: SourceFile = templates.read(&rel).map_err(|d| vec![d])?;
    from_file(file, code)
}

/// Parses and validates the locale of language `code` from its file.
pub fn from_file(file: SourceFile, code: &str) -> Result<LocaleFile, Diagnostics> {
    let value: Locale = toml::from_str(file.text())
        .map_err(|err| vec![diag::toml_error(&file, &err, "invalid locale")])?;
    let locale = LocaleFile { file, value };
    let diags = locale.validate(code);
    if diags.is_empty() {
        Ok(locale)
    } else {
        Err(diags)
    }
}
