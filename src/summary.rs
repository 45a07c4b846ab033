//! The job summary: what a build made, in Markdown, for the run's page on
//! GitHub (`$GITHUB_STEP_SUMMARY`) or any file. A successful build gets a
//! heading, one table row per file written (language, format, pages,
//! size), the check's counts and, for a revision, the changes since the
//! baseline as `diff` finds them. A failed build gets a short note with its
//! errors instead, never a table of files it did not write.
//!
//! The summary is appended, as GitHub expects of `$GITHUB_STEP_SUMMARY`,
//! after the outputs are written: a summary that cannot be written is an
//! error of its own and leaves the outputs in place.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::build::{Built, Format};
use crate::diag::Diagnostic;
use crate::project::Project;
use crate::revise::summary::{Change, How};

/// The variable through which GitHub Actions names the summary file of the
/// running step.
pub const GITHUB_STEP_SUMMARY: &str = "GITHUB_STEP_SUMMARY";

/// The most items a list of the summary shows (warnings, changes,
/// errors); the rest are counted.
pub const MAX_ITEMS: usize = 50;

/// Where the summary goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Appended to this file, which is created if missing.
    File(PathBuf),
    /// Printed on standard output (`--summary -`).
    Stdout,
}

/// Where the summary goes: `--summary FILE` (`-` for standard output),
/// else the file `$GITHUB_STEP_SUMMARY` names when it is set and not
/// empty, else nowhere. `env` is that variable's value. An empty
/// `--summary` is a usage error, returned as its message.
pub fn target(
    explicit: Option<&Path>,
    env: Option<std::ffi::OsString>,
) -> Result<Option<Target>, String> {
    match explicit {
        Some(path) if path.as_os_str().is_empty() => Err(
            "--summary: the path is empty; give a file to append the summary to, or - for standard output"
                .to_string(),
        ),
        Some(path) if path == Path::new("-") => Ok(Some(Target::Stdout)),
        Some(path) => Ok(Some(Target::File(path.to_path_buf()))),
        None => Ok(env
            .filter(|value| !value.is_empty())
            .map(|value| Target::File(PathBuf::from(value)))),
    }
}

/// Appends `markdown` to the target, after a blank line when the file
/// already holds something. The error names the file and says why.
pub fn write(target: &Target, markdown: &str) -> Result<(), Diagnostic> {
    let path = match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            return out
                .write_all(markdown.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| {
                    Diagnostic::error(format!(
                        "cannot print the summary: {}",
                        crate::source::describe_io(&e)
                    ))
                });
        }
        Target::File(path) => path,
    };
    let fail = |why: String| {
        Diagnostic::error(format!(
            "cannot write the summary to `{}`: {why}",
            path.display()
        ))
        .with_help(
            "the outputs were written; give --summary a file (it is appended to), or - for standard output",
        )
    };
    if path.is_dir() {
        return Err(fail("it is a directory".to_string()));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| fail(crate::source::describe_io(&e)))?;
    let separate = file.metadata().map(|m| m.len() > 0).unwrap_or(false);
    let text = if separate {
        format!("\n{markdown}")
    } else {
        markdown.to_string()
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| fail(crate::source::describe_io(&e)))
}

/// One written file, as a row of the table.
#[derive(Clone, Debug)]
pub struct Row {
    /// The language's name in the language of the original (`Chinese`
    /// when the original is English), or the names of a parallel
    /// edition's languages joined by ` + `.
    pub language: String,
    /// The language code, or codes joined by `+`.
    pub code: String,
    /// The format.
    pub format: Format,
    /// Pages, where the format has them.
    pub pages: Option<usize>,
    /// Size in bytes.
    pub size: usize,
    /// Where it was written.
    pub path: PathBuf,
}

/// The changes a revision marks.
#[derive(Clone, Debug)]
pub struct Revision {
    /// The baseline as given (`origin/main`, a tag, a folder).
    pub baseline: String,
    /// What changed since it, as `tdag-report diff` lists it.
    pub changes: Vec<Change>,
}

/// What a successful build says in its summary.
#[derive(Clone, Debug)]
pub struct Success {
    /// The document number, e.g. `TDAG-23/XX`.
    pub document: String,
    /// One row per file written, in the build's order.
    pub rows: Vec<Row>,
    /// What the records hold, in one line (as `check` prints it).
    pub records: String,
    /// Per language: texts given, texts missing.
    pub texts: Vec<(String, usize, usize)>,
    /// Warnings of the check and of typesetting.
    pub warnings: Vec<Diagnostic>,
    /// The changes marked, for a build with a baseline.
    pub revision: Option<Revision>,
}

impl Success {
    /// The summary of a build of `project`: its files, the check's
    /// warnings and the build's, and the changes since `revision`'s
    /// baseline. Languages are named in the language of the original, as
    /// its "Original:" line names them, so that every row reads alike.
    pub fn new(project: &Project, built: &Built, revision: Option<Revision>) -> Self {
        let original = project.model.report.meta.original.get_ref();
        let names = project
            .locales
            .iter()
            .find(|l| l.code() == original.as_str())
            .map(|l| &l.value.language_names);
        let name = |code: &str| {
            names
                .and_then(|n| n.get(code))
                .cloned()
                .unwrap_or_else(|| code.to_string())
        };
        let rows = built
            .artifacts
            .iter()
            .map(|a| Row {
                language: a.lang.split('+').map(name).collect::<Vec<_>>().join(" + "),
                code: a.lang.clone(),
                format: a.format,
                pages: a.pages,
                size: a.size,
                path: a.path.clone(),
            })
            .collect();
        let mut warnings = project.report.diags.clone();
        warnings.extend(built.warnings.iter().cloned());
        warnings.retain(|d| !d.is_error());
        Success {
            document: project.model.report.meta.document.get_ref().clone(),
            rows,
            records: project.summary(),
            texts: project.report.coverage.clone(),
            warnings,
            revision,
        }
    }

    /// The summary in Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let n = self.rows.len();
        let files = if n == 1 { "file" } else { "files" };
        let _ = match &self.revision {
            Some(r) => writeln!(
                out,
                "## {}: {n} revision {files} built, changes since {} marked\n",
                text(&self.document),
                code(&r.baseline, false)
            ),
            None => writeln!(out, "## {}: {n} {files} built\n", text(&self.document)),
        };
        out.push_str("| language | code | format | pages | size | file |\n");
        out.push_str("| --- | --- | --- | ---: | ---: | --- |\n");
        for row in &self.rows {
            let pages = row.pages.map_or("—".to_string(), |p| p.to_string());
            let _ = writeln!(
                out,
                "| {} | {} | {} | {pages} | {} | {} |",
                text(&row.language),
                text(&row.code),
                row.format.extension().to_uppercase(),
                human_size(row.size),
                code(&row.path.display().to_string(), true),
            );
        }
        let warnings = self.warnings.len();
        let _ = writeln!(
            out,
            "\n- **check**: 0 errors, {warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        );
        list(&mut out, "  ", self.warnings.iter().map(located));
        let _ = writeln!(out, "- **records**: {}", text(&self.records));
        if !self.texts.is_empty() {
            let texts: Vec<String> = self
                .texts
                .iter()
                .map(|(lang, given, missing)| match missing {
                    0 => format!("{} {given}", text(lang)),
                    m => format!("{} {given} ({m} missing)", text(lang)),
                })
                .collect();
            let _ = writeln!(out, "- **texts per language**: {}", texts.join(", "));
        }
        if let Some(revision) = &self.revision {
            out.push_str(&changes(revision));
        }
        out
    }
}

/// The changes section of a revision's summary.
fn changes(revision: &Revision) -> String {
    let mut out = String::new();
    let baseline = code(&revision.baseline, false);
    let _ = writeln!(out, "\n### Changes since {baseline}\n");
    let found = &revision.changes;
    if found.is_empty() {
        let _ = writeln!(
            out,
            "No changes since {baseline}: the editions mark nothing."
        );
        return out;
    }
    let count = |how: How| found.iter().filter(|c| c.how == how).count();
    let parts: Vec<String> = [
        (How::Added, "added"),
        (How::Changed, "changed"),
        (How::Removed, "removed"),
    ]
    .into_iter()
    .filter(|(how, _)| count(*how) > 0)
    .map(|(how, word)| format!("{} {word}", count(how)))
    .collect();
    let n = found.len();
    let _ = writeln!(
        out,
        "{n} change{}: {}.\n",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    );
    list(
        &mut out,
        "",
        found.iter().map(|c| {
            format!(
                "{} at {}",
                text(&c.describe()),
                code(&c.span.location(), false)
            )
        }),
    );
    out
}

/// The note of a build that failed, in place of the table: its errors,
/// located. No table, so that no one takes files for built that were not.
pub fn failure(errors: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = errors.iter().filter(|d| d.is_error()).collect();
    let mut out = String::from("## Report not built\n\n");
    let _ = match errors.len() {
        0 => writeln!(out, "The build stopped; the log has the details."),
        1 => writeln!(
            out,
            "The build stopped on 1 error; the log has the details:\n"
        ),
        n => writeln!(
            out,
            "The build stopped on {n} errors; the log has the details:\n"
        ),
    };
    list(&mut out, "", errors.into_iter().map(located));
    out
}

/// Appends a bulleted list, indented by `indent`, of at most
/// [`MAX_ITEMS`] items; says how many more there are.
fn list(out: &mut String, indent: &str, items: impl Iterator<Item = String>) {
    let mut more = 0;
    for (i, item) in items.enumerate() {
        if i < MAX_ITEMS {
            let _ = writeln!(out, "{indent}- {item}");
        } else {
            more += 1;
        }
    }
    if more > 0 {
        let _ = writeln!(out, "{indent}- … and {more} more (see the log)");
    }
}

/// A diagnostic as one list item: where, then what (with the label under
/// its span, as the annotations give it).
fn located(d: &Diagnostic) -> String {
    let (place, what) = match (&d.span, &d.path) {
        (Some((span, label)), _) if !label.is_empty() => {
            (Some(span.location()), format!("{}: {label}", d.message))
        }
        (Some((span, _)), _) => (Some(span.location()), d.message.clone()),
        (None, Some(path)) => (Some(path.display().to_string()), d.message.clone()),
        (None, None) => (None, d.message.clone()),
    };
    match place {
        Some(place) => format!("{} {}", code(&place, false), text(&what)),
        None => text(&what),
    }
}

/// A size as status lines give it: `812 B`, `286 KiB`, `1.2 MiB`.
pub fn human_size(bytes: usize) -> String {
    let kib = bytes as f64 / 1024.0;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if kib < 1023.5 {
        format!("{kib:.0} KiB")
    } else {
        format!("{:.1} MiB", kib / 1024.0)
    }
}

/// Text as Markdown shows it literally, on one line: its punctuation
/// escaped, line breaks and other control characters as spaces.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` literally: fenced by more backticks than any
/// run inside; on one line; in a table cell, its pipes escaped (GFM splits
/// cells at a pipe even inside code).
pub fn code(s: &str, in_table: bool) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = if in_table {
        flat.replace('|', "\\|")
    } else {
        flat
    };
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceFile;

    fn row(code: &str, language: &str, format: Format, pages: Option<usize>, size: usize) -> Row {
        let letter = if code == "zh" { "C" } else { "E" };
        Row {
            language: language.to_string(),
            code: code.to_string(),
            format,
            pages,
            size,
            path: PathBuf::from(format!("output/TDAG-23-XX-{letter}.{}", format.extension())),
        }
    }

    fn success() -> Success {
        Success {
            document: "TDAG-23/XX".into(),
            rows: vec![
                row("zh", "Chinese", Format::Pdf, Some(7), 292_864),
                row("zh", "Chinese", Format::Docx, None, 515_072),
                row("en", "English", Format::Pdf, Some(1), 1_258_291),
            ],
            records: "6 regions; languages: zh, en".into(),
            texts: vec![("zh".into(), 178, 0), ("en".into(), 170, 8)],
            warnings: Vec::new(),
            revision: None,
        }
    }

    #[test]
    fn a_table_row_per_file_then_the_check() {
        let md = success().markdown();
        assert_eq!(
            md,
            "## TDAG-23/XX: 3 files built\n\
             \n\
             | language | code | format | pages | size | file |\n\
             | --- | --- | --- | ---: | ---: | --- |\n\
             | Chinese | zh | PDF | 7 | 286 KiB | `output/TDAG-23-XX-C.pdf` |\n\
             | Chinese | zh | DOCX | — | 503 KiB | `output/TDAG-23-XX-C.docx` |\n\
             | English | en | PDF | 1 | 1.2 MiB | `output/TDAG-23-XX-E.pdf` |\n\
             \n\
             - **check**: 0 errors, 0 warnings\n\
             - **records**: 6 regions; languages: zh, en\n\
             - **texts per language**: zh 178, en 170 (8 missing)\n"
        );
    }

    #[test]
    fn warnings_are_listed_with_their_place() {
        let mut s = success();
        let file = SourceFile::new(
            "sources/regions.toml",
            "id = \"AFR\"\nname = \"x\"\n".into(),
        );
        s.warnings = vec![
            Diagnostic::warning("a *starred* word").at(file.span(11..15), ""),
            Diagnostic::warning("no place"),
        ];
        let md = s.markdown();
        assert!(
            md.contains(
                "- **check**: 0 errors, 2 warnings\n  - `sources/regions.toml:2:1` a \\*starred\\* word\n  - no place\n"
            ),
            "{md}"
        );
    }

    #[test]
    fn a_revision_lists_its_changes() {
        let mut s = success();
        let file = SourceFile::new(
            "sources/initiatives.toml",
            "[[initiative]]\nid = \"EUR6\"\n".into(),
        );
        let change = |how, which: &str, fields: &[&str]| Change {
            how,
            what: "initiative".into(),
            which: which.into(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            span: file.span(20..26),
        };
        s.revision = Some(Revision {
            baseline: "origin/main".into(),
            changes: vec![
                change(How::Added, "EUR6", &[]),
                change(How::Changed, "AFR1", &["title"]),
            ],
        });
        let md = s.markdown();
        assert!(
            md.starts_with(
                "## TDAG-23/XX: 3 revision files built, changes since `origin/main` marked\n"
            ),
            "{md}"
        );
        assert!(
            md.ends_with(
                "\n### Changes since `origin/main`\n\n\
                 2 changes: 1 added, 1 changed.\n\n\
                 - added initiative EUR6 at `sources/initiatives.toml:2:6`\n\
                 - changed initiative AFR1 (title) at `sources/initiatives.toml:2:6`\n"
            ),
            "{md}"
        );
        s.revision.as_mut().unwrap().changes.clear();
        assert!(
            s.markdown()
                .ends_with("No changes since `origin/main`: the editions mark nothing.\n")
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let mut out = String::new();
        list(&mut out, "", (0..MAX_ITEMS + 3).map(|i| i.to_string()));
        assert_eq!(out.lines().count(), MAX_ITEMS + 1);
        assert!(out.ends_with("- … and 3 more (see the log)\n"), "{out}");
    }

    #[test]
    fn a_failure_says_so_and_lists_the_errors() {
        let file = SourceFile::new("sources/regions.toml", "name.en = \"\"\n".into());
        let errors = vec![
            Diagnostic::error("blank `en` text").at(file.span(10..12), "nothing but white space"),
            Diagnostic::warning("not an error"),
        ];
        assert_eq!(
            failure(&errors),
            "## Report not built\n\n\
             The build stopped on 1 error; the log has the details:\n\n\
             - `sources/regions.toml:1:11` blank \\`en\\` text: nothing but white space\n"
        );
        assert_eq!(
            failure(&[]),
            "## Report not built\n\nThe build stopped; the log has the details.\n"
        );
    }

    #[test]
    fn sizes_as_status_lines_give_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1 KiB");
        assert_eq!(human_size(292_864), "286 KiB");
        assert_eq!(human_size(1_047_552), "1023 KiB");
        assert_eq!(human_size(1_048_000), "1023 KiB");
        assert_eq!(human_size(1_048_100), "1.0 MiB");
        assert_eq!(human_size(1_258_291), "1.2 MiB");
    }

    #[test]
    fn markdown_is_literal() {
        assert_eq!(
            text("a|b *c* <d>\n#e & f"),
            "a\\|b \\*c\\* \\<d\\> \\#e &amp; f"
        );
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("a|b", false), "`a|b`");
        assert_eq!(code("x `y` z", false), "``x `y` z``");
        assert_eq!(code("`y", false), "`` `y ``");
        assert_eq!(code("a\nb", false), "`a b`");
    }

    #[test]
    fn where_the_summary_goes() {
        let env = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(target(None, None), Ok(None));
        assert_eq!(target(None, env("")), Ok(None));
        assert_eq!(
            target(None, env("/run/summary")),
            Ok(Some(Target::File("/run/summary".into())))
        );
        assert_eq!(
            target(Some(Path::new("s.md")), env("/run/summary")),
            Ok(Some(Target::File("s.md".into())))
        );
        assert_eq!(target(Some(Path::new("-")), None), Ok(Some(Target::Stdout)));
        assert!(
            target(Some(Path::new("")), None)
                .unwrap_err()
                .contains("empty")
        );
    }

    #[test]
    fn appends_and_refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        let t = Target::File(path.clone());
        write(&t, "one\n").unwrap();
        write(&t, "two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n\ntwo\n");
        let err = write(&Target::File(dir.path().to_path_buf()), "x").unwrap_err();
        assert!(err.message.contains("it is a directory"), "{}", err.message);
        assert!(err.message.contains(&dir.path().display().to_string()));
        let missing = Target::File(dir.path().join("no/such/dir/summary.md"));
        let err = write(&missing, "x").unwrap_err();
        assert!(
            err.message.ends_with(": no such file or directory"),
            "{}",
            err.message
        );
    }

    #[test]
    fn rows_name_the_languages_in_the_original_language() {
        let project = Project::load(
            &crate::Paths::at(env!("CARGO_MANIFEST_DIR")),
            &Default::default(),
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
        let artifact = |lang: &str, format, pages| crate::build::Artifact {
            path: PathBuf::from("out/x"),
            lang: lang.to_string(),
            format,
            pages,
            size: 2048,
            elapsed: std::time::Duration::ZERO,
        };
        let codes: Vec<String> = project
            .locales
            .iter()
            .map(|l| l.code().to_string())
            .collect();
        let built = Built {
            artifacts: vec![
                artifact(&codes[0], Format::Pdf, Some(3)),
                artifact(&format!("{}+{}", codes[0], codes[1]), Format::Docx, None),
            ],
            removed: Vec::new(),
            warnings: Vec::new(),
        };
        let s = Success::new(&project, &built, None);
        let original = project.model.report.meta.original.get_ref();
        let names = &project
            .locales
            .iter()
            .find(|l| l.code() == original.as_str())
            .unwrap()
            .value
            .language_names;
        let named = |code: &str| names[code].clone();
        assert_eq!(s.rows[0].language, named(&codes[0]));
        assert_eq!(
            s.rows[1].language,
            format!("{} + {}", named(&codes[0]), named(&codes[1]))
        );
        assert_eq!(s.rows[1].code, format!("{}+{}", codes[0], codes[1]));
        assert_eq!(s.document, *project.model.report.meta.document.get_ref());
        assert_eq!(s.texts.len(), project.locales.len());
        assert_eq!(s.records, project.summary());
    }
}
