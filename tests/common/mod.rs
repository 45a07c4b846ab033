//! Test fixtures: a copy of the project's sources and templates in a
//! temporary directory, edited by the test, and the real binary run on it.

#![allow(dead_code)]

pub mod ooxml;

use std::path::{Path, PathBuf};

use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The shipped project, loaded and checked.
pub fn project() -> tdag_report::Project {
    tdag_report::Project::load(&tdag_report::Paths::at(root()), &Default::default())
        .unwrap_or_else(|d| panic!("the project loads: {d:?}"))
}

/// Every edition of the shipped project.
pub fn editions() -> Vec<tdag_report::doc::Doc> {
    let project = project();
    project
        .locales
        .iter()
        .map(|l| project.assemble(l).expect("the edition assembles"))
        .collect()
}

/// An edition laid out by Typst with the report template of the project
/// at `project`, the pinned fonts and the report date the tests use.
pub fn typeset(doc: &tdag_report::doc::Doc, project: &Path) -> typst_layout::PagedDocument {
    use tdag_report::typeset::{self, FontOptions, FontSet};
    let world = typeset::world(
        typeset::doc_json(doc).unwrap(),
        &tdag_report::Paths::at(project).templates,
        typeset::REPORT_TEMPLATE,
        std::sync::Arc::new(FontSet::new(&FontOptions::default())),
        typst::foundations::Datetime::from_ymd(2023, 4, 28).unwrap(),
    );
    typeset::compile(&world)
        .unwrap_or_else(|d| panic!("the edition compiles: {d:?}"))
        .0
}

/// The plain text of inline content.
pub fn plain(inlines: &[tdag_report::doc::Inline]) -> String {
    tdag_report::doc::plain(inlines)
}

/// A copy of `sources/` and `templates/` (without the fonts: the binary
/// falls back to its embedded copies) to break in one place.
pub struct Fixture {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A fresh copy of the shipped project.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("sources"), &dir.path().join("sources"));
        let templates = dir.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        for entry in std::fs::read_dir(root().join("templates")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == "fonts" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &templates.join(&name));
            } else {
                std::fs::copy(entry.path(), templates.join(&name)).unwrap();
            }
        }
        Fixture { dir }
    }

    /// A copy of the shipped project configured for `langs` only: the
    /// other languages' texts and locales are removed, as in a project
    /// that never had them. For tests that add records in those languages.
    pub fn with_languages(langs: &[&str]) -> Self {
        let f = Fixture::new();
        let configured: Vec<String> = common_languages(&f.read("sources/report.toml"));
        for lang in configured.iter().filter(|l| !langs.contains(&l.as_str())) {
            std::fs::remove_file(f.path().join(format!("templates/locales/{lang}.toml"))).unwrap();
            for file in toml_files(&f.path().join("sources")) {
                let text = std::fs::read_to_string(&file).unwrap();
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|line| !is_text_of(line, lang))
                    .collect();
                std::fs::write(&file, kept.join("\n") + "\n").unwrap();
            }
        }
        let list: Vec<String> = langs.iter().map(|l| format!("\"{l}\"")).collect();
        let report = f.read("sources/report.toml");
        let old = report
            .lines()
            .find(|l| l.starts_with("languages = "))
            .unwrap()
            .to_string();
        f.edit(
            "sources/report.toml",
            &old,
            &format!("languages = [{}]", list.join(", ")),
        );
        f
    }

    /// The fixture's root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A file's text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Overwrites a file.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Commits the whole project to git with `message`, making it a
    /// repository first if it is not one yet.
    pub fn commit(&self, message: &str) {
        if !self.path().join(".git").exists() {
            git(self.path(), &["init", "-q"]);
        }
        git(self.path(), &["add", "-A"]);
        git(self.path(), &["commit", "-q", "-m", message]);
    }

    /// Replaces the one occurrence of `from` in a file with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {rel}"
        );
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// `line:column` (1-based, columns in characters) of the `nth` (0-based)
    /// occurrence of `needle` in a file, plus `offset` characters.
    pub fn locate(&self, rel: &str, needle: &str, nth: usize, offset: usize) -> String {
        let text = self.read(rel);
        let at = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{needle}` not in {rel}"))
            .0;
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1 + offset;
        format!("{rel}:{line}:{col}")
    }

    /// The names of the files in a folder of the fixture, sorted, without
    /// hidden ones (the outputs' manifest).
    pub fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// The binary, run in the fixture.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tdag-report"));
        cmd.current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            // Tests run inside GitHub Actions must not summarise into the run.
            .env_remove("GITHUB_STEP_SUMMARY");
        cmd
    }

    /// Runs `check`; returns exit code and stderr.
    pub fn check(&self) -> (i32, String) {
        let out = self.cmd().arg("check").output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// The `languages` of a report.toml.
fn common_languages(report: &str) -> Vec<String> {
    let table: toml::Table = toml::from_str(report).unwrap();
    table["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

/// Every `.toml` file under `dir`.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(toml_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files
}

/// Whether a line of a record holds the one-line text of `lang`
/// (`title.fr = "…"` or, in an item table, `fr = "…"`).
fn is_text_of(line: &str, lang: &str) -> bool {
    let Some((key, value)) = line.split_once('=') else {
        return false;
    };
    let key = key.trim();
    (key == lang || key.ends_with(&format!(".{lang}"))) && value.trim_start().starts_with('"')
}

/// Asserts that `check` fails with `message` located at `location`.
pub fn assert_error(fixture: &Fixture, message: &str, location: &str) -> String {
    let (code, stderr) = fixture.check();
    assert_eq!(code, 1, "check should fail with exit 1:\n{stderr}");
    assert_located(&stderr, message, location);
    stderr
}

/// Asserts that `stderr` holds the error `message` pointing at `location`.
pub fn assert_located(stderr: &str, message: &str, location: &str) {
    assert_diagnostic(stderr, "error", message, location);
}

/// Asserts that `stderr` holds the warning `message` pointing at `location`.
pub fn assert_located_warning(stderr: &str, message: &str, location: &str) {
    assert_diagnostic(stderr, "warning", message, location);
}

fn assert_diagnostic(stderr: &str, severity: &str, message: &str, location: &str) {
    let headline = format!("{severity}: {message}");
    let pos = stderr
        .find(&headline)
        .unwrap_or_else(|| panic!("no `{headline}` in:\n{stderr}"));
    let rest = &stderr[pos..];
    let arrow = format!("--> {location}\n");
    let block_end = ["\nerror", "\nwarning"]
        .iter()
        .filter_map(|next| rest[1..].find(next))
        .min()
        .map_or(rest.len(), |i| i + 1);
    assert!(
        rest[..block_end].contains(&arrow),
        "`{headline}` should point at {location}:\n{stderr}"
    );
}

/// Runs `build` with extra arguments into `out` (relative to the fixture);
/// returns exit code and stderr.
pub fn build(fixture: &Fixture, out: &str, args: &[&str]) -> (i32, String) {
    let output = fixture
        .cmd()
        .args(["build", "--out", out])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The text of a PDF in content order: with poppler's `pdftotext -raw` when
/// `TDAG_TEXT_EXTRACTOR=pdftotext` (CI installs it), else with the
/// pure-Rust `pdf-extract`.
pub fn pdf_text(path: &Path) -> String {
    if std::env::var("TDAG_TEXT_EXTRACTOR").as_deref() == Ok("pdftotext") {
        let out = std::process::Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(
            out.status.success(),
            "pdftotext failed on {}",
            path.display()
        );
        return String::from_utf8(out.stdout).unwrap();
    }
    pdf_extract::extract_text(path)
        .unwrap_or_else(|e| panic!("cannot extract the text of {}: {e}", path.display()))
}

/// Text with all white space removed, for comparing extracted text, whose
/// line breaks and spacing depend on layout and on the extractor.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Removes the running headers (`- 2 -` and the document number) that
/// interrupt the text at page breaks. Expects squashed text.
pub fn drop_running_headers(squashed: &str, number: &str) -> String {
    let mut out = squashed.to_string();
    for page in (2..100).rev() {
        out = out.replace(&format!("-{page}-{number}"), "");
        out = out.replace(&format!("{number}-{page}-"), "");
    }
    out
}

/// Runs git in `dir` with a fixed author; panics with git's message if it
/// fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
