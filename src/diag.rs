//! Diagnostics: located errors and warnings, printed like rustc's, as JSON
//! lines, or as GitHub workflow annotations.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::span::{SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the run with exit code 1.
    Error,
    /// Printed; the run goes on.
    Warning,
}

/// One problem found in the sources, the templates or the environment.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where, with an optional label under the span.
    pub span: Option<(Span, String)>,
    /// A file the problem is about when no span can be given.
    pub path: Option<PathBuf>,
    /// Further places that explain the problem.
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

/// The result of a step that reports all its problems at once.
pub type Diagnostics = Vec<Diagnostic>;

impl Diagnostic {
    /// An error without a location.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            path: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// A warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at a span.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.span = Some((span, label.into()));
        self
    }

    /// Names the file the diagnostic is about.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Adds a secondary place.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Adds a hint on how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file path the diagnostic names, if any.
    pub fn file_path(&self) -> Option<PathBuf> {
        match &self.span {
            Some((span, _)) => Some(span.file.path().to_path_buf()),
            None => self.path.clone(),
        }
    }
}

/// A file that is not TOML of the expected shape: the first line of the
/// parser's message (or `fallback`), where the parser points, else at the
/// file.
pub fn toml_error(file: &SourceFile, err: &toml::de::Error, fallback: &str) -> Diagnostic {
    let message = err.message().trim_end();
    let d = Diagnostic::error(message.lines().next().unwrap_or(fallback).to_string());
    match err.span() {
        Some(range) => d.at(file.span(range), ""),
        None => d.in_file(file.path()),
    }
}

/// The candidate closest to `word`, if one is close enough to be what the
/// user meant: a small edit distance, or the same letters in another case
/// or with `-`/`_` swapped.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace(['-', '_', ' '], "");
    let wanted = norm(word);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let prefix = wanted.len() >= 3
            && norm(candidate).len() >= 3
            && (wanted.starts_with(&norm(candidate)) || norm(candidate).starts_with(&wanted));
        let distance = if norm(candidate) == wanted {
            0
        } else if prefix {
            1
        } else {
            strsim::damerau_levenshtein(&wanted, &norm(candidate))
        };
        let limit = (wanted.chars().count().max(candidate.chars().count()) / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint naming the closest candidate, or listing them all.
pub fn suggestion(word: &str, candidates: &[&str], what: &str) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if candidates.is_empty() => {
            format!("there are no {}", what.strip_prefix("the ").unwrap_or(what))
        }
        None => format!("{what} are {}", list(candidates)),
    }
}

/// Words joined for a message: `a`, `b` and `c` (at most 12, then "…").
pub fn list(words: &[&str]) -> String {
    let shown: Vec<String> = words.iter().take(12).map(|w| format!("`{w}`")).collect();
    let more = if words.len() > 12 { ", …" } else { "" };
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) if more.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some(_) => format!("{}{more}", shown.join(", ")),
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MessageFormat {
    /// Like rustc: message, location, source snippet, hint.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…::…`).
    Github,
}

/// Renders one diagnostic in the given format; `color` adds ANSI styles to
/// the human format.
pub fn render(diag: &Diagnostic, format: MessageFormat, color: bool) -> String {
    match format {
        MessageFormat::Human => render_human(diag, color),
        MessageFormat::Json => render_json(diag),
        MessageFormat::Github => render_github(diag),
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// A snippet holding only the lines a span touches, so that large files
/// render quickly.
fn snippet<'a>(
    file: &'a SourceFile,
    range: &Range<usize>,
) -> (Snippet<'a, annotate_snippets::Annotation<'a>>, usize) {
    let first = file.line_index(range.start);
    let last = file.line_index(range.end.max(range.start));
    let start = file.line_range(first).start;
    let end = file
        .line_range(last)
        .end
        .max(range.end.min(file.text().len()));
    let snippet = Snippet::source(&file.text()[start..end])
        .line_start(first + 1)
        .path(file.path().display().to_string());
    (snippet, start)
}

fn annotation<'a>(
    kind: AnnotationKind,
    range: &Range<usize>,
    base: usize,
    label: &'a str,
) -> annotate_snippets::Annotation<'a> {
    let ann = kind.span(range.start - base..range.end.max(range.start) - base);
    if label.is_empty() {
        ann
    } else {
        ann.label(label)
    }
}

fn render_human(diag: &Diagnostic, color: bool) -> String {
    let title = level(diag.severity).primary_title(diag.message.as_str());
    match &diag.span {
        Some((span, label)) => {
            let (mut snip, base) = snippet(&span.file, &span.range);
            snip = snip.annotation(annotation(
                AnnotationKind::Primary,
                &span.range,
                base,
                label,
            ));
            let mut group = title.element(snip);
            for (rel, rel_label) in &diag.related {
                let (snip, base) = snippet(&rel.file, &rel.range);
                group = group.element(snip.annotation(annotation(
                    AnnotationKind::Context,
                    &rel.range,
                    base,
                    rel_label,
                )));
            }
            let mut report = vec![group];
            if let Some(help) = &diag.help {
                report.push(Group::with_title(
                    Level::HELP.secondary_title(help.as_str()),
                ));
            }
            finish(&report, color)
        }
        None => {
            let mut group = Group::with_title(title);
            if let Some(path) = &diag.path {
                group = group.element(annotate_snippets::Origin::path(path.display().to_string()));
            }
            let mut report = vec![group];
            if let Some(help) = &diag.help {
                report.push(Group::with_title(
                    Level::HELP.secondary_title(help.as_str()),
                ));
            }
            finish(&report, color)
        }
    }
}

/// The closing line of a failed run, styled as an error.
pub fn render_summary(message: &str, color: bool) -> String {
    let group = Group::with_title(Level::ERROR.primary_title(message));
    finish(&[group], color).trim_end().to_string()
}

fn finish(report: &[Group<'_>], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(report).to_string();
    out.push('\n');
    out
}

/// The place a diagnostic points at, as plain numbers.
#[derive(Serialize)]
struct Place {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn place(diag: &Diagnostic) -> Option<Place> {
    if let Some((span, _)) = &diag.span {
        let (line, column) = span.file.line_col(span.range.start);
        let (end_line, end_column) = span.file.line_col(span.range.end.max(span.range.start));
        Some(Place {
            file: span.file.path().display().to_string(),
            line,
            column,
            end_line,
            end_column,
        })
    } else {
        None
    }
}

fn render_json(diag: &Diagnostic) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        severity: Severity,
        message: &'a str,
        file: Option<String>,
        line: Option<usize>,
        column: Option<usize>,
        end_line: Option<usize>,
        end_column: Option<usize>,
        label: Option<&'a str>,
        help: Option<&'a str>,
    }
    let place = place(diag);
    let json = Json {
        severity: diag.severity,
        message: &diag.message,
        file: diag.file_path().map(|p| p.display().to_string()),
        line: place.as_ref().map(|p| p.line),
        column: place.as_ref().map(|p| p.column),
        end_line: place.as_ref().map(|p| p.end_line),
        end_column: place.as_ref().map(|p| p.end_column),
        label: diag
            .span
            .as_ref()
            .map(|(_, l)| l.as_str())
            .filter(|l| !l.is_empty()),
        help: diag.help.as_deref(),
    };
    let mut out = serde_json::to_string(&json).unwrap_or_default();
    out.push('\n');
    out
}

/// Escapes workflow-command data (`%`, CR, LF) and, for properties, `:` and `,`.
fn github_escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn render_github(diag: &Diagnostic) -> String {
    let command = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(file) = diag.file_path() {
        props.push(format!(
            "file={}",
            github_escape(&file.display().to_string(), true)
        ));
    }
    if let Some(p) = place(diag) {
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
        props.push(format!("endLine={}", p.end_line));
        props.push(format!("endColumn={}", p.end_column));
    }
    let mut message = diag.message.clone();
    if let Some((_, label)) = &diag.span
        && !label.is_empty()
    {
        let _ = write!(message, ": {label}");
    }
    if let Some(help) = &diag.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    let mut out = format!("::{command}");
    if !props.is_empty() {
        out.push(' ');
        out.push_str(&props.join(","));
    }
    out.push_str("::");
    out.push_str(&github_escape(&message, false));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        let file = SourceFile::new(
            "sources/regions.toml",
            "[[region]]\nid = \"AFR\"\nname.zh = \"\"\n".into(),
        );
        let start = file.text().find("\"\"").unwrap();
        Diagnostic::error("blank translation")
            .at(file.span(start..start + 2), "`zh` is blank")
            .with_help("write the Chinese text")
    }

    #[test]
    fn suggestions_find_near_misses_only() {
        let kinds = ["region", "initiative", "question"];
        assert_eq!(closest("regoin", kinds), Some("region"));
        assert_eq!(closest("AFRICA", ["AFR", "AMS"]), Some("AFR"));
        assert_eq!(closest("Europa", ["EUR", "AFR"]), Some("EUR"));
        assert_eq!(closest("Initiative", kinds), Some("initiative"));
        assert_eq!(closest("budget", kinds), None);
        assert_eq!(
            suggestion("zz", &["a", "b"], "kinds"),
            "kinds are `a` and `b`"
        );
        assert_eq!(
            suggestion("regin", &kinds, "kinds"),
            "did you mean `region`?"
        );
    }

    #[test]
    fn human_output_looks_like_rustc() {
        let out = render(&sample(), MessageFormat::Human, false);
        assert!(out.starts_with("error: blank translation\n"), "{out}");
        assert!(out.contains("--> sources/regions.toml:3:11"), "{out}");
        assert!(out.contains("^^ `zh` is blank"), "{out}");
        assert!(out.contains("help: write the Chinese text"), "{out}");
    }

    #[test]
    fn json_output_has_the_place() {
        let out = render(&sample(), MessageFormat::Json, false);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["file"], "sources/regions.toml");
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 11);
        assert_eq!(v["severity"], "error");
    }

    #[test]
    fn github_output_is_a_workflow_command() {
        let out = render(&sample(), MessageFormat::Github, false);
        assert_eq!(
            out,
            "::error file=sources/regions.toml,line=3,col=11,endLine=3,endColumn=13::blank translation: `zh` is blank%0Ahelp: write the Chinese text\n"
        );
    }
}
