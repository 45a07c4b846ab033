//! The fuzz targets' code, shared by the cargo-fuzz targets in
//! `fuzz/fuzz_targets/` and the corpus replay in `tests/fuzz_corpus.rs`.
//! It drives the library's public interface only, and reads the shipped
//! project from disk at run time: nothing of `sources/` or `templates/` is
//! compiled in.
//!
//! Both entry points take arbitrary bytes and panic only on a bug: a panic
//! anywhere in loading, checking, assembling or printing diagnostics, or a
//! broken invariant asserted here.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tdag_report::check::Options;
use tdag_report::diag::{self, Diagnostic, MessageFormat};
use tdag_report::doc;
use tdag_report::model::{Text, TextRef};
use tdag_report::placeholder::{self, Piece};
use tdag_report::resolve::Resolver;
use tdag_report::span::SourceFile;
use tdag_report::{Paths, Project};
use toml::Spanned;

/// The shipped project: the repository this file is in.
fn shipped_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|d| d.join("sources/report.toml").is_file())
        .expect("the fuzz harness lives in the project")
        .to_path_buf()
}

/// The files an input can replace, relative to the project root: the
/// report, the record files, the section files, a new section file, the
/// locales of the configured languages and the layout.
pub fn slots() -> Vec<PathBuf> {
    let root = shipped_root();
    let mut slots = vec![PathBuf::from("sources/report.toml")];
    slots.extend(
        tdag_report::schema::record_files()
            .iter()
            .map(|f| Path::new("sources").join(f)),
    );
    let mut sections: Vec<PathBuf> = std::fs::read_dir(root.join("sources/sections"))
        .expect("the shipped sections")
        .filter_map(Result::ok)
        .map(|e| Path::new("sources/sections").join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    sections.sort();
    slots.extend(sections);
    slots.push(PathBuf::from("sources/sections/99-fuzz.toml"));
    let report = std::fs::read_to_string(root.join("sources/report.toml")).expect("report.toml");
    let table: toml::Table = toml::from_str(&report).expect("report.toml parses");
    for lang in table["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .filter_map(|l| l.as_str())
    {
        slots.push(Path::new("templates/locales").join(format!("{lang}.toml")));
    }
    slots.push(PathBuf::from("templates/layout.toml"));
    slots
}

/// A copy of the shipped project (without fonts) to fuzz in, made once per
/// thread.
struct Scratch {
    dir: tempfile::TempDir,
    slots: Vec<PathBuf>,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a scratch folder");
    for entry in std::fs::read_dir(from).expect("a shipped folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_name() == "fonts" {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

fn with_scratch<T>(f: impl FnOnce(&Scratch) -> T) -> T {
    SCRATCH.with(|cell| {
        let mut cell = cell.borrow_mut();
        let scratch = cell.get_or_insert_with(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let root = shipped_root();
            copy_dir(&root.join("sources"), &dir.path().join("sources"));
            copy_dir(&root.join("templates"), &dir.path().join("templates"));
            Scratch {
                dir,
                slots: slots(),
            }
        });
        f(scratch)
    })
}

/// Fuzzes loading: the first byte picks a file (see [`slots`]), the rest
/// is its content, and the project is loaded, checked and, when the check
/// passes, every edition assembled, as `check` and `build` do, with the
/// shipped files for everything else. Every diagnostic is printed in every
/// format.
pub fn records(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    with_scratch(|scratch| {
        let slot = &scratch.slots[usize::from(selector) % scratch.slots.len()];
        let path = scratch.dir.path().join(slot);
        let shipped = std::fs::read(&path).ok();
        std::fs::write(&path, rest).expect("the input is written");
        let result = std::panic::catch_unwind(|| pipeline(scratch.dir.path()));
        match shipped {
            Some(bytes) => std::fs::write(&path, bytes).expect("the shipped file is restored"),
            None => std::fs::remove_file(&path).expect("the new file is removed"),
        }
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    });
}

fn pipeline(root: &Path) {
    let project = match Project::load(&Paths::at(root), &Options::default()) {
        Ok(project) => project,
        Err(diags) => {
            diags.iter().for_each(render_all);
            return;
        }
    };
    project.report.diags.iter().for_each(render_all);
    let _ = project.summary();
    for locale in &project.locales {
        match project.assemble(locale) {
            Ok(doc) => {
                let _ = doc.figures();
                let json = serde_json::to_string(&doc);
                assert!(json.is_ok(), "the document model serialises: {json:?}");
            }
            Err(errors) => {
                let mut shown = String::new();
                for d in &errors {
                    render_all(d);
                    shown.push_str(&diag::render(d, MessageFormat::Human, false));
                }
                panic!(
                    "`check` passed but assembling the `{}` edition failed:\n{shown}",
                    locale.code()
                );
            }
        }
    }
}

/// The errors of the shipped project, printed: none, or every input of
/// [`records`] stops before assembly.
pub fn shipped_errors() -> Vec<String> {
    match Project::load(&Paths::at(shipped_root()), &Options::default()) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .map(|d| diag::render(d, MessageFormat::Human, false))
            .collect(),
    }
}

/// Prints a diagnostic in every format, checking that its spans lie in
/// their files and that the machine formats are well formed.
fn render_all(d: &Diagnostic) {
    let spans = d.span.iter().map(|(s, _)| s);
    for span in spans.chain(d.related.iter().map(|(s, _)| s)) {
        let text = span.file.text();
        let range = &span.range;
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "span {range:?} outside {} ({} bytes) in {d:?}",
            span.file.path().display(),
            text.len()
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "span {range:?} not on character boundaries in {d:?}"
        );
    }
    let _ = diag::render(d, MessageFormat::Human, false);
    let _ = diag::render(d, MessageFormat::Human, true);
    let json = diag::render(d, MessageFormat::Json, false);
    let value: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|err| panic!("JSON diagnostic does not parse ({err}): {json}"));
    assert_eq!(value["message"].as_str(), Some(d.message.as_str()));
    assert_eq!(json.matches('\n').count(), 1, "one JSON line: {json:?}");
    let github = diag::render(d, MessageFormat::Github, false);
    assert!(
        github.ends_with('\n') && github.matches(['\n', '\r']).count() == 1,
        "one workflow command line: {github:?}"
    );
    let _ = diag::render_summary(&d.message, true);
}

/// Fuzzes the text syntax and resolution: the input, as UTF-8, is parsed
/// and filled, checked against invariants, then resolved in every language
/// as a paragraph of the shipped project, outside any record and in the
/// scope of the first record of each kind.
pub fn placeholders(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    parse_invariants(text);
    fill_invariants(text);
    resolve(text);
}

/// The text a piece stands for, as written.
fn written<'a>(text: &'a str, piece: &Piece<'_>) -> Option<&'a str> {
    match piece {
        Piece::Lit(_) => None,
        Piece::Hole(h) => Some(&text[h.range.clone()]),
        Piece::Markup { range, .. } => Some(&text[range.clone()]),
    }
}

fn parse_invariants(text: &str) {
    let has_braces = text.contains(['{', '}']);
    match placeholder::parse(text) {
        Ok(pieces) => {
            if !has_braces {
                let expected: Vec<Piece<'_>> = if text.is_empty() {
                    Vec::new()
                } else {
                    vec![Piece::Lit(text.to_owned())]
                };
                assert_eq!(pieces, expected, "a text without braces is one literal");
            }
            let mut rebuilt = String::new();
            let mut previous_lit = false;
            for piece in &pieces {
                match written(text, piece) {
                    None => {
                        let Piece::Lit(lit) = piece else {
                            unreachable!()
                        };
                        assert!(!lit.is_empty(), "empty literal in {pieces:?}");
                        assert!(!previous_lit, "two literals in a row in {pieces:?}");
                        previous_lit = true;
                        rebuilt.push_str(&placeholder::escape(lit));
                    }
                    Some(source) => {
                        previous_lit = false;
                        assert!(
                            source.starts_with('{') && source.ends_with('}'),
                            "{source:?}"
                        );
                        if let Piece::Hole(hole) = piece {
                            assert_eq!(
                                format!("{{{}}}", hole.source()),
                                source,
                                "a hole's source is what is written"
                            );
                            assert!(
                                hole.path.iter().all(|s| !s.is_empty()),
                                "empty path segment in {hole:?}"
                            );
                        }
                        rebuilt.push_str(source);
                    }
                }
            }
            // Literal braces may be written `{{` or, inside markup, both
            // ways; the pieces give back every character of the text.
            let squash = |s: &str| s.replace("{{", "{").replace("}}", "}");
            assert_eq!(
                squash(&rebuilt),
                squash(text),
                "the pieces rebuild the text"
            );
        }
        Err(errors) => {
            assert!(has_braces, "only braces make errors: {errors:?}");
            for err in errors {
                let range = err.range.clone();
                assert!(
                    range.start < range.end && range.end <= text.len(),
                    "error range {range:?}"
                );
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                assert!(
                    text[range.clone()].starts_with(['{', '}']),
                    "error range {range:?} starts at a brace"
                );
                assert!(!err.message.is_empty());
            }
        }
    }
    // Doubling every brace makes any text literal.
    let expected: Vec<Piece<'_>> = if text.is_empty() {
        Vec::new()
    } else {
        vec![Piece::Lit(text.to_owned())]
    };
    assert_eq!(
        placeholder::parse(&placeholder::escape(text)),
        Ok(expected),
        "escaped braces round-trip"
    );
}

fn fill_invariants(text: &str) {
    let values = [("number", "2"), ("caption", "{x}"), ("a.b", "dotted")];
    let filled = placeholder::fill(text, &values);
    if let Ok(pieces) = placeholder::parse(text) {
        let mut expected = String::new();
        let mut problem = None;
        for piece in &pieces {
            match piece {
                Piece::Lit(lit) => expected.push_str(lit),
                Piece::Hole(hole) => match values.iter().find(|(k, _)| *k == hole.source()) {
                    Some((_, v)) => expected.push_str(v),
                    None => {
                        problem = Some(hole.source());
                        break;
                    }
                },
                Piece::Markup { .. } => {
                    problem = Some(String::new());
                    break;
                }
            }
        }
        match problem {
            None => assert_eq!(filled, Ok(expected), "fill substitutes every hole"),
            Some(name) => {
                let message = filled.expect_err("fill rejects unknown placeholders and markup");
                assert!(message.contains(&name), "{message} names `{name}`");
            }
        }
    } else {
        assert!(filled.is_err(), "fill reports parse errors");
    }
}

/// A TOML literal for `text`: a literal string where one can hold it as
/// written (so spans into it are exact), else a basic string with escapes.
fn toml_literal(text: &str, prefer_literal: bool) -> String {
    let literal_ok =
        !text.contains(['\'', '\n', '\r']) && !text.chars().any(|c| c.is_control() && c != '\t');
    if prefer_literal && literal_ok {
        return format!("'{text}'");
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

thread_local! {
    static SHIPPED: Project = Project::load(&Paths::at(shipped_root()), &Options::default())
        .unwrap_or_else(|d| panic!("the shipped project loads: {d:?}"));
}

fn resolve(text: &str) {
    // zh as a basic string with escapes, en as a literal string.
    let zh = toml_literal(text, false);
    let en = toml_literal(text, true);
    let source = format!("text.zh = {zh}\ntext.en = {en}\n");
    let file = SourceFile::new("sources/sections/99-fuzz.toml", source.clone());
    let zh_at = "text.zh = ".len();
    let en_at = zh_at + zh.len() + "\ntext.en = ".len();
    let lang = |code: &str, at: usize| Spanned::new(at - 10..at - 3, code.to_string());
    let para = Text {
        file,
        span: 0..4,
        values: vec![
            (
                lang("zh", zh_at),
                Spanned::new(zh_at..zh_at + zh.len(), text.to_string()),
            ),
            (
                lang("en", en_at),
                Spanned::new(en_at..en_at + en.len(), text.to_string()),
            ),
        ],
    };
    let literal = match placeholder::parse(text) {
        Ok(pieces) if pieces.iter().all(|p| matches!(p, Piece::Lit(_))) => Some(
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Lit(s) => s,
                    _ => unreachable!(),
                })
                .collect::<String>(),
        ),
        _ => None,
    };
    SHIPPED.with(|project| {
        let model = &project.model;
        let mut scopes = vec![None];
        let mut kinds = Vec::new();
        for record in &model.records {
            if !kinds.contains(&record.kind.name) {
                kinds.push(record.kind.name);
                scopes.push(Some(record));
            }
        }
        let mut seen = Vec::new();
        // The text is given in two languages; the others' locales have no
        // text to resolve.
        let given = project
            .locales
            .iter()
            .filter(|l| para.get(l.code()).is_some());
        for locale in given {
            let resolver = Resolver { model, locale };
            for &scope in &scopes {
                let result = resolver.text(TextRef { text: &para, scope });
                match (result, &literal) {
                    (Ok(out), Some(expected)) => assert_eq!(&doc::plain(&out), expected),
                    (Err(d), Some(_)) => panic!("a text without placeholders fails: {d:?}"),
                    (Err(errors), None) => {
                        for d in errors {
                            let key = (
                                d.message.clone(),
                                d.span.as_ref().map(|(s, _)| s.range.clone()),
                            );
                            if !seen.contains(&key) {
                                seen.push(key);
                                render_all(&d);
                            }
                        }
                    }
                    (Ok(_), None) => {}
                }
            }
        }
    });
}
