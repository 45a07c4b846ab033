//! Every configured language, read back from the files: each PDF holds
//! every initiative code and Question number, prints no `.notdef` glyph and
//! carries no text in a script its language does not use; the Word edition
//! of a right-to-left language carries Word's bidirectional properties and
//! the others do not.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::ooxml::{Package, W};
use common::{Fixture, build, pdf_text, squash};
use tdag_report::locale::Direction;
use unicode_script::{Script, UnicodeScript};

/// Builds every edition of the shipped project once.
fn built() -> Fixture {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 0, "{stderr}");
    f
}

fn path(f: &Fixture, letter: &str, ext: &str) -> std::path::PathBuf {
    f.path().join(format!("out/TDAG-23-XX-{letter}.{ext}"))
}

/// The glyph ids a PDF's text operators show that are 0 (`.notdef`), per
/// font: Typst writes every font as a CID font with two-byte codes that
/// are glyph ids, `.notdef` being glyph 0. Form XObjects are searched too.
fn notdef_glyphs(path: &Path) -> usize {
    let pdf = lopdf::Document::load(path).unwrap();
    let mut count = 0;
    let mut streams: Vec<Vec<u8>> = pdf
        .get_pages()
        .values()
        .map(|&page| pdf.get_page_content(page).unwrap())
        .collect();
    for object in pdf.objects.values() {
        if let Ok(stream) = object.as_stream()
            && stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Form")
        {
            streams.push(stream.decompressed_content().unwrap_or_default());
        }
    }
    for content in streams {
        let Ok(content) = lopdf::content::Content::decode(&content) else {
            continue;
        };
        for op in content.operations {
            let strings: Vec<&[u8]> = match op.operator.as_str() {
                "Tj" | "'" | "\"" => op.operands.iter().filter_map(|o| o.as_str().ok()).collect(),
                "TJ" => op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_array().ok())
                    .flatten()
                    .filter_map(|o| o.as_str().ok())
                    .collect(),
                _ => continue,
            };
            count += strings
                .iter()
                .flat_map(|s| s.chunks(2))
                .filter(|pair| pair == &[0, 0])
                .count();
        }
    }
    count
}

/// Letters of scripts other than the language's own and Latin (which
/// every edition uses for codes such as AFR1, WTDC-22 or ITU-D).
fn foreign_letters(text: &str, own: Script) -> BTreeMap<String, String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let script = c.script();
        if ![own, Script::Latin, Script::Common, Script::Inherited].contains(&script) {
            let sample = found.entry(script.full_name().to_string()).or_default();
            if sample.chars().count() < 20 {
                sample.push(c);
            }
        }
    }
    found
}

/// Runs of three or more Latin words in a row: an untranslated sentence
/// in an edition whose language is not written in Latin letters.
fn latin_sentences(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for token in text.split([' ', '\n', ',']) {
        let word = token.trim_matches(|c: char| "().;:«»“”\"'".contains(c));
        let latin_word =
            word.chars().count() >= 2 && word.chars().all(|c| c.script() == Script::Latin);
        if latin_word {
            run.push(word);
            continue;
        }
        if run.len() >= 3 {
            runs.push(run.join(" "));
        }
        run.clear();
    }
    if run.len() >= 3 {
        runs.push(run.join(" "));
    }
    runs
}

#[test]
fn every_edition_holds_every_code_in_its_own_script_without_missing_glyphs() {
    let f = built();
    let project = common::project();
    let codes: Vec<String> = ["initiative", "question"]
        .iter()
        .flat_map(|kind| project.model.of_kind(kind))
        .map(|r| r.id.get_ref().clone())
        .collect();
    assert!(codes.len() >= 28 + 14, "{codes:?}");
    assert!(project.locales.len() >= 6, "six languages configured");
    for locale in &project.locales {
        let letter = locale.value.letter.get_ref();
        let pdf = path(&f, letter, "pdf");
        let text = pdf_text(&pdf);
        let squashed = squash(&text);
        for code in &codes {
            assert!(
                squashed.contains(code.as_str()),
                "{}: no {code}",
                pdf.display()
            );
        }
        assert_eq!(notdef_glyphs(&pdf), 0, "{}: .notdef glyphs", pdf.display());
        let own = locale.script().expect("the locale names its script");
        let foreign = foreign_letters(&text, own);
        assert!(
            foreign.is_empty(),
            "{}: letters of another script: {foreign:?}",
            pdf.display()
        );
        if own != Script::Latin {
            let sentences = latin_sentences(&text);
            assert!(
                sentences.is_empty(),
                "{}: Latin sentences: {sentences:?}",
                pdf.display()
            );
        }
    }
}

#[test]
fn right_to_left_editions_carry_words_bidirectional_properties() {
    let f = built();
    let project = common::project();
    let mut rtl_seen = 0;
    for locale in &project.locales {
        let letter = locale.value.letter.get_ref();
        let package = Package::open(&std::fs::read(path(&f, letter, "docx")).unwrap());
        let body = package.xml("word/document.xml");
        let styles = package.xml("word/styles.xml");
        let paragraphs = body.all(W, "p");
        let bidi = paragraphs
            .iter()
            .filter(|p| {
                p.child(W, "pPr")
                    .and_then(|pr| pr.child(W, "bidi"))
                    .is_some()
            })
            .count();
        let tables = body.all(W, "tbl");
        let visual = tables
            .iter()
            .filter(|t| {
                t.child(W, "tblPr")
                    .and_then(|pr| pr.child(W, "bidiVisual"))
                    .is_some()
            })
            .count();
        let runs = body.all(W, "r");
        let text_runs: Vec<_> = runs.iter().filter(|r| !r.text().is_empty()).collect();
        let rtl = text_runs
            .iter()
            .filter(|r| {
                r.child(W, "rPr")
                    .and_then(|pr| pr.child(W, "rtl"))
                    .is_some()
            })
            .count();
        if locale.value.dir != Direction::Rtl {
            assert_eq!((bidi, visual, rtl), (0, 0, 0), "{letter}: no bidi in LTR");
            continue;
        }
        rtl_seen += 1;
        assert_eq!(
            bidi,
            paragraphs.len(),
            "{letter}: w:bidi on every paragraph"
        );
        assert_eq!(
            visual,
            tables.len(),
            "{letter}: w:bidiVisual on every table"
        );
        assert_eq!(rtl, text_runs.len(), "{letter}: w:rtl on every run");
        let tag = locale.value.tag.get_ref();
        let lang = styles.all(W, "lang");
        assert!(
            lang.iter().any(|l| l.attr(W, "bidi") == Some(tag.as_str())),
            "{letter}: w:lang w:bidi=\"{tag}\" in the styles"
        );
        let complex = &locale.value.fonts.docx_complex;
        let fonts = styles.all(W, "rFonts");
        assert!(
            fonts
                .iter()
                .any(|r| r.attr(W, "cs") == Some(complex.as_str())),
            "{letter}: complex-script font {complex}"
        );
        for (name, what) in [
            ("szCs", "complex-script sizes"),
            ("bCs", "complex-script bold"),
        ] {
            assert!(
                !styles.all(W, name).is_empty() || !body.all(W, name).is_empty(),
                "{letter}: {what}"
            );
        }
    }
    assert!(rtl_seen > 0, "a right-to-left language is configured");
}

#[test]
fn latin_sentences_and_foreign_letters_are_found() {
    assert_eq!(
        latin_sentences("خطة عمل Kigali Action Plan كيغالي AFR1, Q3/1"),
        vec!["Kigali Action Plan".to_string()]
    );
    assert!(latin_sentences("المؤتمر WTDC-22 ITU-D (KAP)").is_empty());
    let found = foreign_letters("Plan d’action 基加利 Кигали", Script::Latin);
    assert_eq!(found.keys().collect::<Vec<_>>(), ["Cyrillic", "Han"]);
}

/// A copy of the project whose first French paragraph is not translated
/// yet.
fn french_incomplete() -> (Fixture, String) {
    let f = Fixture::new();
    let rel = "sources/sections/1-introduction.toml";
    let text = f.read(rel);
    let line = text
        .lines()
        .find(|l| l.starts_with("text.fr = "))
        .unwrap()
        .to_string();
    f.edit(rel, &format!("{line}\n"), "");
    (f, rel.to_string())
}

#[test]
fn a_language_in_progress_is_counted_and_the_others_are_built() {
    let (f, rel) = french_incomplete();
    // `check` alone: the missing text is an error where it belongs.
    let at = f.locate(&rel, "text.zh = ", 0, 0);
    common::assert_error(&f, "missing `fr` text", &at);
    // `check --allow-missing fr`: counted, with a warning at the language.
    let out = f
        .cmd()
        .args(["check", "--allow-missing", "fr"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("fr 177 (1 missing)"), "{stdout}");
    let configured = f.locate("sources/report.toml", "\"fr\"", 0, 0);
    common::assert_located_warning(&stderr, "1 `fr` text is missing", &configured);
    // `build --allow-missing fr`: every other edition, and no French one.
    let (code, stderr) = build(&f, "out", &["--allow-missing", "fr", "--format", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: 1 `fr` text is missing"),
        "{stderr}"
    );
    let written: Vec<String> = f.files("out");
    let expected: Vec<String> = common::project()
        .locales
        .iter()
        .map(|l| l.value.letter.get_ref().clone())
        .filter(|letter| letter != "F")
        .map(|letter| format!("TDAG-23-XX-{letter}.docx"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(written, expected);
    // `build --lang en`: French is not being built, so it may be missing.
    let (code, stderr) = build(&f, "en", &["--lang", "en", "--format", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    // Plain `build` needs every language.
    let (code, stderr) = build(&f, "all", &["--format", "docx"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: missing `fr` text"), "{stderr}");
}

#[test]
fn allow_missing_names_a_configured_language() {
    let f = Fixture::new();
    for command in ["check", "build"] {
        let out = f
            .cmd()
            .args([command, "--allow-missing", "FR"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("--allow-missing FR: not a configured language; did you mean `fr`?"),
            "{command}: {stderr}"
        );
    }
}
