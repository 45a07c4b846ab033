//! Locales: everything language-specific that is not report content
//! (labels, patterns, number words, dates, fonts), read from
//! `templates/locales/<code>.toml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::placeholder::fill;
use crate::source::{Loaded, SourceFile, parse, read_text_file};

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
    /// BCP 47 tag, e.g. `zh-CN`, for Word and PDF metadata.
    pub tag: Spanned<String>,
    /// Typst's `lang` and `region`.
    pub typst: TypstLang,
    /// Which of Word's language slots carries this language.
    pub word_script: WordScript,
    /// Number words from zero upwards.
    pub number_words: Vec<String>,
    /// Month names, January first, for `{month_name}` in `date`.
    #[serde(default)]
    pub months: Vec<String>,
    /// Names of languages, for "Original: English".
    pub language_names: BTreeMap<String, String>,
    /// Fixed words of the layout.
    pub labels: Labels,
    /// Patterns that combine labels and values.
    pub patterns: Patterns,
    /// Fonts of the editions.
    pub fonts: Fonts,
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

/// Typst's language settings.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TypstLang {
    /// ISO 639 code.
    pub lang: String,
    /// ISO 3166 region, if any.
    pub region: Option<String>,
    /// Text direction, `ltr` or `rtl`.
    #[serde(default = "ltr")]
    pub dir: String,
    /// Whether paragraphs are justified (Chinese) or ragged (ITU English).
    pub justify: bool,
}

fn ltr() -> String {
    "ltr".into()
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
    /// Header of the number column of a Questions table.
    pub question_number: String,
    /// Header of the title column of a Questions table.
    pub question_title: String,
    /// Header of the origin column of a Questions table.
    pub question_origin: String,
    /// Header of the code column of the initiatives table.
    pub initiative_code: String,
    /// Header of the title column of the initiatives table.
    pub initiative_title: String,
    /// Marker of dash lists.
    pub dash: String,
    /// Marker of bullet lists.
    pub bullet: String,
    /// Between a paragraph's bold run-in label and its text: a space in
    /// English, nothing in Chinese.
    pub lead_separator: String,
}

/// Patterns with placeholders, filled per document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    /// `{number}` with the language letter: "Document {number}".
    pub document: Spanned<String>,
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
    /// `{id}`, `{place}`, `{year}`, `{purpose}`.
    pub resolution_item: Spanned<String>,
    /// `{page}`: the running header's page number.
    pub page: Spanned<String>,
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
const PATTERN_NAMES: [(&str, &[&str]); 9] = [
    ("document", &["number"]),
    ("original", &["language"]),
    ("date", &["year", "month", "month_name", "day"]),
    ("figure_caption", &["number", "caption"]),
    ("table_caption", &["number", "caption"]),
    ("figure_ref", &["number"]),
    ("table_ref", &["number"]),
    ("resolution_item", &["id", "place", "year", "purpose"]),
    ("page", &["page"]),
];

impl Patterns {
    fn all(&self) -> [&Spanned<String>; 9] {
        [
            &self.document,
            &self.original,
            &self.date,
            &self.figure_caption,
            &self.table_caption,
            &self.figure_ref,
            &self.table_ref,
            &self.resolution_item,
            &self.page,
        ]
    }
}

impl Loaded<Locale> {
    /// The number in words, if the locale has a word for it.
    pub fn number_word(&self, n: i64) -> Option<&str> {
        usize::try_from(n)
            .ok()
            .and_then(|i| self.value.number_words.get(i))
            .map(String::as_str)
    }

    /// A date in the locale's format.
    pub fn date(&self, year: u16, month: u8, day: u8) -> Result<String, String> {
        let month_name = self
            .value
            .months
            .get(usize::from(month).wrapping_sub(1))
            .cloned()
            .unwrap_or_default();
        fill(
            self.value.patterns.date.get_ref(),
            &[
                ("year", &year.to_string()),
                ("month", &month.to_string()),
                ("month_name", &month_name),
                ("day", &day.to_string()),
            ],
        )
    }

    /// Fills one of the locale's patterns.
    pub fn fill(&self, pattern: &Spanned<String>, values: &[(&str, &str)]) -> String {
        fill(pattern.get_ref(), values).unwrap_or_else(|_| pattern.get_ref().clone())
    }

    /// Checks the locale's own consistency: code, letter, patterns.
    fn validate(&self, expected_code: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
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
        diags
    }
}

/// Reads and validates the locale of one language.
pub fn load(templates: &Path, code: &str) -> Result<Loaded<Locale>, Vec<Diagnostic>> {
    let rel = Path::new(LOCALES_DIR).join(format!("{code}.toml"));
    let file: SourceFile = read_text_file(templates, &rel).map_err(|d| vec![d])?;
    from_file(file, code)
}

/// Parses and validates the locale of language `code` from its file.
pub fn from_file(file: SourceFile, code: &str) -> Result<Loaded<Locale>, Vec<Diagnostic>> {
    let value: Locale = parse(&file).map_err(|d| vec![d])?;
    let locale = Loaded { file, value };
    let diags = locale.validate(code);
    if diags.is_empty() {
        Ok(locale)
    } else {
        Err(diags)
    }
}
