//! The PDF editions: content against the source document, record text as
//! data, located glyph and template errors, determinism, metadata.

mod common;

use common::{Fixture, build, drop_running_headers, pdf_text, squash};

const NUMBER: &str = "TDAG-23/XX";

fn text_of(f: &Fixture, out: &str, letter: &str) -> String {
    let path = f.path().join(out).join(format!("TDAG-23-XX-{letter}.pdf"));
    drop_running_headers(&squash(&pdf_text(&path)), &format!("{NUMBER}-{letter}"))
}

/// The lines of the source document as the PDF must show them: extraction
/// leftovers removed, and the deliberate differences applied (figures are
/// numbered from the timeline on; CIS4 is ASCII; initiatives are table rows).
fn source_lines() -> (Vec<String>, Vec<String>) {
    let seed =
        std::fs::read_to_string(common::root().join("tests/data/wtdc22-outcomes-report.zh.txt"))
            .unwrap();
    let mut body = Vec::new();
    let mut captions = Vec::new();
    for line in seed.lines() {
        let mut line = line.to_string();
        while let Some(start) = line.find("[bookmark:") {
            let end = start + line[start..].find(']').unwrap() + 1;
            line.replace_range(start..end, "");
        }
        let line = line.replace("[image: ]", "");
        let mut line = squash(&line)
            .replace("图1显示了", "图2显示了")
            .replace("如图2所示", "如图3所示")
            .replace('\u{0421}', "C");
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('–')
            && rest
                .get(..3)
                .is_some_and(|p| p.chars().all(|c| c.is_ascii_uppercase()))
        {
            line = rest.replacen('：', "", 1);
        }
        if line.starts_with("图1：") || line.starts_with("图2：") || !captions.is_empty() {
            captions.push(line);
        } else {
            body.push(line);
        }
    }
    let captions = captions.concat();
    let (first, second) = captions.split_at(captions.find("图2：").unwrap());
    let captions = vec![
        first.replacen("图1：", "图2：", 1),
        second.replacen("图2：", "图3：", 1),
    ];
    (body, captions)
}

#[test]
fn chinese_pdf_holds_the_source_document_in_order() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &["--format", "pdf", "--lang", "zh"]);
    assert_eq!(code, 0, "{stderr}");
    let text = text_of(&f, "out", "C");
    let (lines, captions) = source_lines();
    assert!(lines.len() > 150, "the source has {} lines", lines.len());
    let mut cursor = 0;
    for line in &lines {
        match text[cursor..].find(line.as_str()) {
            Some(at) => cursor += at + line.len(),
            None => panic!(
                "not found in order: {line}\n(found before: {})",
                if text.contains(line.as_str()) {
                    "yes, earlier"
                } else {
                    "no"
                }
            ),
        }
    }
    for caption in captions {
        assert!(text.contains(&caption), "caption missing: {caption}");
    }
}

#[test]
fn record_text_is_data_not_markup() {
    let payload = r#"#read("/etc/passwd") $x^2$ *bold* _x_ <tag> @ref \ // ]"#;
    let f = Fixture::new();
    let literal = format!("'{payload}'");
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        &format!("name.en = {literal}"),
    );
    f.edit(
        "sources/initiatives.toml",
        "title.en = \"Digital infrastructure development\"",
        &format!("title.en = {literal}"),
    );
    f.edit(
        "sources/kap.toml",
        "title.en = \"Member-driven\"",
        &format!("title.en = {literal}"),
    );
    f.edit(
        "sources/report.toml",
        "text.en = \"Final Report of WTDC-22\"",
        &format!("text.en = {literal}"),
    );
    f.edit(
        "sources/sections/1-introduction.toml",
        "title.en = \"Introduction\"",
        &format!("title.en = {literal}"),
    );
    let (code, stderr) = build(&f, "out", &["--format", "pdf", "--lang", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let text = text_of(&f, "out", "E");
    let expected = squash(payload);
    // Region row, initiative cell, enabler list item and its two figure
    // labels, the reference, the section heading.
    assert!(
        text.matches(&expected).count() >= 7,
        "payload shown {} times:\n{text}",
        text.matches(&expected).count()
    );
    assert!(
        !text.contains("root:x:0:0"),
        "the template read /etc/passwd"
    );
}

#[test]
fn a_character_without_a_glyph_is_located() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Afri\u{13000}ca\"",
    );
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 1, "{stderr}");
    let at = f.locate("sources/regions.toml", "\u{13000}", 0, 0);
    assert!(
        stderr.contains(
            "error: no font has a glyph for '\u{13000}' (U+13000 EGYPTIAN HIEROGLYPH A001)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {at}")), "{stderr}");
    assert!(!f.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_template_error_is_located_in_the_template() {
    let f = Fixture::new();
    // A slip in a module the report imports is located in that module.
    f.edit(
        "templates/edition.typ",
        "let number-width = L.indent.number * pt\n",
        "let number-width = L.indent.number * pt +\n",
    );
    let (code, stderr) = build(&f, "out", &["--format", "pdf"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: "), "{stderr}");
    let at = f.locate("templates/edition.typ", "let number-width", 0, 0);
    let line = at.split(':').nth(1).unwrap();
    assert!(
        stderr.contains(&format!("--> templates/edition.typ:{line}:")),
        "{stderr}"
    );
    // `check --full` compiles the templates too and finds the same error;
    // plain `check` does not typeset.
    let out = f.cmd().args(["check", "--full"]).output().unwrap();
    let full = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{full}");
    assert!(
        full.contains(&format!("--> templates/edition.typ:{line}:")),
        "{full}"
    );
    assert_eq!(f.check().0, 0);
}

#[test]
fn two_builds_give_identical_bytes() {
    let f = Fixture::new();
    for out in ["a", "b"] {
        let (code, stderr) = build(&f, out, &["--format", "pdf"]);
        assert_eq!(code, 0, "{stderr}");
    }
    for letter in ["C", "E"] {
        let name = format!("TDAG-23-XX-{letter}.pdf");
        let a = std::fs::read(f.path().join("a").join(&name)).unwrap();
        let b = std::fs::read(f.path().join("b").join(&name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
}

#[test]
fn figures_and_tables_hold_the_records_data() {
    let f = Fixture::new();
    f.edit("sources/outputs.toml", "end = 2027", "end = 2026");
    f.edit(
        "sources/kap.toml",
        "title.en = \"Member-driven\"",
        "title.en = \"Member-led enabler\"",
    );
    f.edit(
        "sources/initiatives.toml",
        "title.en = \"Digital infrastructure development\"",
        "title.en = \"Edited initiative title\"",
    );
    let (code, stderr) = build(&f, "out", &["--format", "pdf", "--lang", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let text = text_of(&f, "out", "E");
    assert!(
        text.contains("2023–2026"),
        "timeline bar shows the edited cycle"
    );
    assert!(
        text.contains("KigaliActionPlan(KAP)–for2023-2026"),
        "summary item shows the edited cycle"
    );
    assert_eq!(
        text.matches("Member-ledenabler").count(),
        3,
        "the list item and the two KAP figures"
    );
    assert!(
        text.contains("EUR1Editedinitiativetitle"),
        "table row shows the edited title"
    );
    let codes: Vec<String> = ["AFR", "AMS", "ARB", "ASP", "CIS", "EUR"]
        .iter()
        .flat_map(|r| (1..=5).map(move |n| format!("{r}{n}")))
        .filter(|code| {
            f.read("sources/initiatives.toml")
                .contains(&format!("\"{code}\""))
        })
        .collect();
    assert_eq!(codes.len(), 28);
    let mut cursor = 0;
    for code in &codes {
        let at = text[cursor..]
            .find(code.as_str())
            .unwrap_or_else(|| panic!("{code} not in table order"));
        cursor += at + code.len();
    }
}

#[test]
fn metadata_bookmarks_tags_and_standard() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &["--format", "pdf"]);
    assert_eq!(code, 0, "{stderr}");
    for doc in common::editions() {
        let (letter, lang) = (&doc.lang.letter, &doc.lang.code);
        let title = common::plain(&doc.meta.title);
        let path = f
            .path()
            .join("out")
            .join(format!("TDAG-23-XX-{letter}.pdf"));
        let pdf = lopdf::Document::load(&path).unwrap();
        let info = pdf
            .trailer
            .get(b"Info")
            .and_then(|r| pdf.dereference(r))
            .unwrap()
            .1
            .as_dict()
            .unwrap()
            .clone();
        let text = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
        assert_eq!(text(b"Title"), title);
        assert!(!text(b"Author").is_empty());
        let catalog = pdf.catalog().unwrap();
        let catalog_lang = lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap();
        assert!(catalog_lang.starts_with(lang), "/Lang is {catalog_lang}");
        assert!(catalog.get(b"Outlines").is_ok(), "bookmarks");
        assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged");
        let bytes = std::fs::read(&path).unwrap();
        let xmp = String::from_utf8_lossy(&bytes);
        assert!(
            xmp.contains("pdfaid:part>2<") || xmp.contains("pdfaid:part=\"2\""),
            "PDF/A-2"
        );
        assert!(
            xmp.contains("pdfuaid:part>1<") || xmp.contains("pdfuaid:part=\"1\""),
            "PDF/UA-1"
        );
    }
}
