//! The parallel edition (`build --parallel zh,en`): one PDF and one DOCX
//! with two languages side by side, block by block, read back from the
//! files.

mod common;

use common::ooxml::{El, Package, W};
use common::{Fixture, build, pdf_text, plain, squash};
use tdag_report::doc::{Block, Doc};

/// The start of every heading, paragraph, list item and caption of an
/// edition, in order, squashed: enough to find each block once.
fn block_starts(doc: &Doc) -> Vec<String> {
    let mut texts = Vec::new();
    let front = doc.front.iter().flat_map(|p| &p.blocks);
    for block in front.chain(&doc.body) {
        match block {
            Block::Heading { text, .. } | Block::Para { text, .. } => texts.push(plain(text)),
            Block::List { items, .. } => texts.extend(items.iter().map(|i| plain(&i.text))),
            Block::Table(t) => texts.push(plain(&t.caption)),
            Block::Figure(f) => texts.push(plain(&f.caption)),
        }
    }
    texts
        .iter()
        .map(|t| squash(t).chars().take(12).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Asserts that `needles` occur in `haystack` one after the other.
fn in_order(what: &str, haystack: &str, needles: &[String]) {
    let mut at = 0;
    for needle in needles {
        let Some(found) = haystack[at..].find(needle.as_str()) else {
            panic!("{what}: `{needle}` is missing or out of order");
        };
        at += found + needle.len();
    }
}

/// The editions of the shipped project by language code.
fn edition(code: &str) -> Doc {
    common::editions()
        .into_iter()
        .find(|d| d.lang.code == code)
        .unwrap()
}

/// The text of the paragraphs of the DOCX cells whose runs are in `tag`.
fn cell_text(body: &El, tag: &str) -> String {
    let mut text = String::new();
    for p in body.all(W, "p") {
        let tagged = p.all(W, "lang").iter().any(|l| {
            [l.attr(W, "val"), l.attr(W, "eastAsia"), l.attr(W, "bidi")].contains(&Some(tag))
        });
        if tagged {
            text.push_str(&squash(&p.para_text()));
        }
    }
    text
}

#[test]
fn two_languages_stand_side_by_side_in_both_formats() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &["--parallel", "zh,en"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(f.files("out"), ["TDAG-23-XX-CE.docx", "TDAG-23-XX-CE.pdf"]);
    let (zh, en) = (edition("zh"), edition("en"));

    // The PDF: each language's blocks in order (the columns of a row come
    // one after the other in the page's content).
    let pdf = squash(&pdf_text(&f.path().join("out/TDAG-23-XX-CE.pdf")));
    in_order("PDF, Chinese", &pdf, &block_starts(&zh));
    in_order("PDF, English", &pdf, &block_starts(&en));
    // Block by block: the first English heading follows the first Chinese
    // one, before the second Chinese one.
    let heading = |doc: &Doc, n: usize| {
        doc.body
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(squash(&plain(text))),
                _ => None,
            })
            .nth(n)
            .unwrap()
    };
    let at = |s: &str| {
        pdf.find(s)
            .unwrap_or_else(|| panic!("`{s}` not in the PDF"))
    };
    assert!(at(&heading(&zh, 0)) < at(&heading(&en, 0)));
    assert!(at(&heading(&en, 0)) < at(&heading(&zh, 1)));

    // The DOCX: each column's cells carry their language, and hold that
    // language's blocks in order.
    let bytes = std::fs::read(f.path().join("out/TDAG-23-XX-CE.docx")).unwrap();
    let body = Package::open(&bytes).xml("word/document.xml");
    in_order(
        "DOCX, Chinese cells",
        &cell_text(&body, &zh.lang.tag),
        &block_starts(&zh),
    );
    in_order(
        "DOCX, English cells",
        &cell_text(&body, &en.lang.tag),
        &block_starts(&en),
    );
    // Every run with text is in a cell of one of the two languages.
    for r in body
        .all(W, "r")
        .iter()
        .filter(|r| !r.text().trim().is_empty())
    {
        let langs = r.all(W, "lang");
        assert!(
            langs
                .iter()
                .any(|l| l.attr(W, "eastAsia") == Some(zh.lang.tag.as_str())
                    || l.attr(W, "val") == Some(en.lang.tag.as_str())),
            "a run without its column's language: {:?}",
            r.text()
        );
    }
}

#[test]
fn a_right_to_left_column_runs_right_to_left_and_the_other_does_not() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &["--parallel", "en,ar", "--format", "docx"]);
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(f.path().join("out/TDAG-23-XX-EA.docx")).unwrap();
    let body = Package::open(&bytes).xml("word/document.xml");
    let ar = edition("ar");
    let mut arabic = 0;
    for p in body.all(W, "p") {
        let text = p.para_text();
        let bidi = p
            .child(W, "pPr")
            .and_then(|pr| pr.child(W, "bidi"))
            .is_some();
        let is_arabic = p
            .all(W, "lang")
            .iter()
            .any(|l| l.attr(W, "bidi") == Some(ar.lang.tag.as_str()));
        if text.trim().is_empty() {
            continue;
        }
        assert_eq!(bidi, is_arabic, "w:bidi on {text:?}");
        if is_arabic {
            arabic += 1;
            for r in p.all(W, "r") {
                let rpr = r.child(W, "rPr").expect("run properties");
                assert!(rpr.child(W, "rtl").is_some(), "w:rtl on {:?}", r.text());
                let fonts = rpr.child(W, "rFonts").expect("the column's fonts");
                assert_eq!(fonts.attr(W, "cs"), Some(ar.lang.docx_complex.as_str()));
            }
        }
    }
    assert!(arabic > 100, "{arabic} Arabic paragraphs");
    // The two-column tables read left to right (English first); the
    // tables inside the Arabic column right to left.
    let visual = |t: &&El| {
        t.child(W, "tblPr")
            .and_then(|pr| pr.child(W, "bidiVisual"))
            .is_some()
    };
    let tables = body.all(W, "tbl");
    assert!(tables.iter().filter(|t| visual(t)).count() > 0);
    let outer = body.child(W, "body").unwrap().all(W, "tbl");
    assert!(!visual(&outer[0]), "the two columns read left to right");
}

#[test]
fn parallel_asks_for_two_different_configured_languages() {
    let f = Fixture::new();
    for (args, message) in [
        (
            "zh",
            "--parallel zh: name two languages, such as `--parallel zh,en`",
        ),
        (
            "zh,zh",
            "a parallel edition sets two different languages side by side",
        ),
        ("zh,de", "--parallel de: not a configured language"),
    ] {
        let (code, stderr) = build(&f, "out", &["--parallel", args]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
    assert!(!f.path().join("out").exists(), "nothing written");
}
