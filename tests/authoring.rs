//! Preparing next year's report by editing records: facts follow the
//! records everywhere, numbers and references follow insertions and moves,
//! tables of any kind and written-out tables, inline markup, draft stamps,
//! stale outputs, a project found from any of its folders, and records read
//! at run time (renamed and added section files included).

mod common;

use common::ooxml::{Package, R, RELS, W, WP, paragraphs};
use common::{Fixture, build, pdf_text, squash};

fn docx(f: &Fixture, out: &str, letter: &str) -> Package {
    Package::open(&std::fs::read(f.path().join(format!("{out}/TDAG-23-XX-{letter}.docx"))).unwrap())
}

fn docx_text(f: &Fixture, out: &str, letter: &str) -> String {
    paragraphs(&docx(f, out, letter).xml("word/document.xml"), None).join("\n")
}

fn alts(f: &Fixture, out: &str, letter: &str) -> Vec<String> {
    let body = docx(f, out, letter).xml("word/document.xml");
    body.all(WP, "docPr")
        .iter()
        .map(|d| d.attr("", "descr").unwrap_or("").to_string())
        .collect()
}

fn built(f: &Fixture, out: &str, args: &[&str]) {
    let (code, stderr) = build(f, out, args);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn derived_facts_follow_the_records() {
    let f = Fixture::with_languages(&["zh", "en"]);
    f.edit(
        "sources/outputs.toml",
        "name.en = \"Regional initiatives\"\nstart = 2023\nend = 2025",
        "name.en = \"Regional initiatives\"\nstart = 2024\nend = 2026",
    );
    let kap = f.read("sources/kap.toml");
    let at = kap.find("[[product]]").unwrap();
    f.write(
        "sources/kap.toml",
        &format!(
            "{}[[priority]]\nid = \"green-ict\"\ntitle.zh = \"绿色信通技术\"\ntitle.en = \"Green ICT\"\ndescription.zh = \"本重点工作侧重于绿色信通技术。\"\ndescription.en = \"This priority focuses on green ICT.\"\n\n{}",
            &kap[..at],
            &kap[at..]
        ),
    );
    let initiatives = f.read("sources/initiatives.toml");
    f.write(
        "sources/initiatives.toml",
        &format!("{initiatives}\n[[initiative]]\nid = \"EUR6\"\nregion = \"EUR\"\ntitle.zh = \"新的欧洲举措\"\ntitle.en = \"A new initiative for Europe\"\n"),
    );
    built(&f, "out", &["--format", "docx"]);
    let en = docx_text(&f, "out", "E");
    let zh = docx_text(&f, "out", "C");
    for (text, lang) in [(&en, "en"), (&zh, "zh")] {
        assert!(
            !text.contains("2023-2025"),
            "{lang}: the old cycle is gone everywhere"
        );
        assert!(text.contains("2024-2026"), "{lang}");
    }
    assert!(en.contains("29 regional initiatives for 2024-2026"), "{en}");
    assert!(en.contains("established at WTDC-22 for 2024-2026."), "{en}");
    assert!(
        en.contains("The six priorities of the Development Sector"),
        "{en}"
    );
    assert!(
        zh.contains("面向2024-2026年") && zh.contains("适用于2024-2026年的29项区域性举措"),
        "{zh}"
    );
    assert!(zh.contains("发展部门的六项重点工作"), "{zh}");
    let en_alts = alts(&f, "out", "E");
    assert!(
        en_alts[0].contains("Regional initiatives, 2024-2026"),
        "{en_alts:?}"
    );
    assert!(
        en_alts[1].contains("six ITU-D priorities") && en_alts[1].contains("Green ICT"),
        "{en_alts:?}"
    );
    let zh_alts = alts(&f, "out", "C");
    assert!(
        zh_alts[0].contains("区域性举措为2024年至2026年"),
        "{zh_alts:?}"
    );
    assert!(
        zh_alts[1].contains("六项ITU-D重点工作") && zh_alts[1].contains("绿色信通技术"),
        "{zh_alts:?}"
    );
}

#[test]
fn numbers_and_references_follow_insertions_and_moves() {
    let f = Fixture::with_languages(&["zh", "en"]);
    let kap = "sources/sections/3-kigali-action-plan.toml";
    f.edit(
        kap,
        "kind = \"para\"\nnumbered = true\ntext.zh = \"KAP遵循",
        "kind = \"para\"\nid = \"kap-intro\"\nnumbered = true\ntext.zh = \"KAP遵循",
    );
    let regional = "sources/sections/4-regional-initiatives.toml";
    f.edit(
        regional,
        "as follows:\"",
        "as follows (see also {para.kap-intro} and section {section.kigali-action-plan}):\"",
    );
    f.edit(
        regional,
        "具体内容如下：\"",
        "具体内容如下（另见{para.kap-intro}）：\"",
    );
    let intro = "sources/sections/1-introduction.toml";
    f.edit(
        intro,
        "[[block]]\nkind = \"para\"\nnumbered = true\ntext.zh = \"WTDC-22的主题",
        "[[block]]\nkind = \"para\"\nnumbered = true\ntext.zh = \"新插入的段落。\"\ntext.en = \"A paragraph inserted here.\"\n\n[[block]]\nkind = \"para\"\nnumbered = true\ntext.zh = \"WTDC-22的主题",
    );
    let sections = f.path().join("sources/sections");
    std::fs::rename(
        sections.join("2-analysis-of-outcomes.toml"),
        sections.join("3-analysis-of-outcomes.toml"),
    )
    .unwrap();
    std::fs::rename(
        sections.join("3-kigali-action-plan.toml"),
        sections.join("2-kigali-action-plan.toml"),
    )
    .unwrap();
    built(&f, "out", &["--format", "docx", "--lang", "en"]);
    let body = docx(&f, "out", "E").xml("word/document.xml");
    let headings: Vec<String> = body
        .all(W, "p")
        .iter()
        .filter(|p| p.style() == Some("Heading1"))
        .map(|p| p.para_text())
        .collect();
    assert_eq!(
        &headings[..3],
        [
            "1\tIntroduction",
            "2\tKigali Action Plan (KAP)",
            "3\tAnalysis of the outcomes"
        ]
    );
    let text = paragraphs(&body, None);
    let starts = |prefix: &str| text.iter().any(|p| p.starts_with(prefix));
    assert!(starts("1.2\tA paragraph inserted here."), "{text:?}");
    assert!(starts("1.3\tThe theme of WTDC-22"), "{text:?}");
    assert!(starts("1.4\tThe key outcomes"), "{text:?}");
    assert!(starts("2.1\tThe KAP follows"), "{text:?}");
    assert!(starts("3.1\tThe timeframes"), "{text:?}");
    assert!(
        text.iter()
            .any(|p| p.contains("as follows (see also 2.1 and section 2):")),
        "{text:?}"
    );
    // Figures are numbered in their new order: the KAP's structure first.
    assert!(
        text.iter()
            .any(|p| p.contains("Figure 1 shows the structure of the Kigali Action Plan")),
        "{text:?}"
    );
}

#[test]
fn tables_of_any_records_written_tables_and_inline_markup() {
    let f = Fixture::with_languages(&["zh", "en"]);
    let file = "sources/sections/6-resolutions.toml";
    let text = f.read(file);
    f.write(
        file,
        &format!(
            "{text}
[[block]]
kind = \"table\"
id = \"new-resolutions\"
of = \"resolutions\"
columns = [\"id\", \"title\"]
widths = [20, 80]
caption.zh = \"新决议\"
caption.en = \"New resolutions\"

[[block]]
kind = \"table\"
id = \"meetings\"
caption.zh = \"会议\"
caption.en = \"Meetings\"
[[block.column]]
header.zh = \"会议\"
header.en = \"Meeting\"
width = 40
[[block.column]]
header.zh = \"日期\"
header.en = \"Dates\"
[[block.row]]
cells = [{{ zh = \"TDAG-23\", en = \"TDAG-23\" }}, {{ zh = \"2023年5月\", en = \"May 2023\" }}]
[[block.row]]
cells = [{{ zh = \"WTDC-25\", en = \"WTDC-25\" }}, {{ zh = \"2025年\", en = \"2025\" }}]

[[block]]
kind = \"para\"
text.zh = \"详见{{[WTDC-22最后报告](https://www.itu.int/pub/D-TDC-WTDC-2022)}}{{^最后报告载有全部决议。}}，其中{{**第87号决议**}}尤为{{*重要*}}。\"
text.en = \"See the {{[Final Report of WTDC-22](https://www.itu.int/pub/D-TDC-WTDC-2022)}}{{^The Final Report holds every resolution.}}, in which {{**Resolution 87**}} is {{*particularly*}} important.\"
"
        ),
    );
    let (code, stderr) = f.check();
    assert_eq!(code, 0, "{stderr}");
    built(&f, "out", &["--lang", "en"]);
    let package = docx(&f, "out", "E");
    let body = package.xml("word/document.xml");
    let tables = body.all(W, "tbl");
    let rows_of = |caption: &str| -> Vec<String> {
        let table = tables
            .iter()
            .find(|t| {
                t.child(W, "tblPr")
                    .and_then(|p| p.child(W, "tblCaption"))
                    .and_then(|c| c.attr(W, "val"))
                    .is_some_and(|v| v.ends_with(caption))
            })
            .unwrap_or_else(|| panic!("no table `{caption}`"));
        table
            .all(W, "tr")
            .iter()
            .map(|r| {
                r.all(W, "p")
                    .iter()
                    .map(|p| p.para_text())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    };
    let resolutions = rows_of("New resolutions");
    assert_eq!(resolutions.len(), 5, "{resolutions:?}");
    assert_eq!(resolutions[0], "Resolution|Title");
    assert!(
        resolutions[1].starts_with("87|Connecting every school"),
        "{resolutions:?}"
    );
    assert_eq!(
        rows_of("Meetings"),
        ["Meeting|Dates", "TDAG-23|May 2023", "WTDC-25|2025"]
    );
    let para = body
        .all(W, "p")
        .into_iter()
        .find(|p| p.para_text().starts_with("See the "))
        .expect("the paragraph with markup");
    let run_text =
        |r: &common::ooxml::El| r.all(W, "t").iter().map(|t| t.text()).collect::<String>();
    let runs: Vec<String> = para.all(W, "r").iter().map(|r| run_text(r)).collect();
    let bold = para
        .all(W, "r")
        .into_iter()
        .find(|r| run_text(r) == "Resolution 87")
        .unwrap_or_else(|| panic!("a bold run: {runs:?}"));
    assert!(bold.child(W, "rPr").and_then(|p| p.child(W, "b")).is_some());
    let italic = para
        .all(W, "r")
        .into_iter()
        .find(|r| run_text(r) == "particularly")
        .expect("an italic run");
    assert!(
        italic
            .child(W, "rPr")
            .and_then(|p| p.child(W, "i"))
            .is_some()
    );
    let link = para.child(W, "hyperlink").expect("a hyperlink");
    assert_eq!(link.para_text(), "Final Report of WTDC-22");
    let rid = link.attr(R, "id").expect("the link's relationship");
    let rels = package.xml("word/_rels/document.xml.rels");
    let target = rels
        .elements()
        .find(|r| r.is(RELS, "Relationship") && r.attr("", "Id") == Some(rid))
        .expect("the relationship");
    assert_eq!(
        target.attr("", "Target"),
        Some("https://www.itu.int/pub/D-TDC-WTDC-2022")
    );
    assert_eq!(target.attr("", "TargetMode"), Some("External"));
    assert_eq!(para.all(W, "footnoteReference").len(), 1);
    let notes = package.xml("word/footnotes.xml");
    let note_text: String = paragraphs(&notes, None).join("\n");
    assert!(
        note_text.contains("The Final Report holds every resolution."),
        "{note_text}"
    );
    assert_eq!(
        notes.all(W, "footnoteRef").len(),
        1,
        "the note shows its own number"
    );
    // The PDF holds the same, and its link.
    let pdf = f.path().join("out/TDAG-23-XX-E.pdf");
    let text = squash(&pdf_text(&pdf));
    for piece in [
        "87Connectingeveryschool",
        "TDAG-23May2023",
        "Resolution87isparticularlyimportant",
        "TheFinalReportholdseveryresolution.",
    ] {
        assert!(text.contains(piece), "`{piece}` in the PDF");
    }
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(
        raw.contains("https://www.itu.int/pub/D-TDC-WTDC-2022"),
        "the PDF links the report"
    );
}

#[test]
fn draft_editions_are_stamped_on_every_page() {
    let f = Fixture::new();
    built(&f, "out", &["--draft"]);
    for (letter, word, stamp) in [
        ("E", "DRAFT", "Draft built "),
        ("C", "草稿", "草稿，生成于"),
    ] {
        let pages = pdf_extract::extract_text_by_pages(
            f.path().join(format!("out/TDAG-23-XX-{letter}.pdf")),
        )
        .unwrap();
        assert!(pages.len() > 3);
        for page in &pages {
            let page = squash(page);
            assert!(
                page.contains(word) && page.contains(&squash(stamp)),
                "{letter}: a page without the stamp: {page}"
            );
        }
        let package = docx(&f, "out", letter);
        for header in ["word/header1.xml", "word/header2.xml"] {
            let text = paragraphs(&package.xml(header), None).join("\n");
            assert!(
                text.contains(&format!("{word} – {stamp}")),
                "{letter} {header}: {text}"
            );
        }
    }
}

#[test]
fn a_new_document_number_removes_the_old_outputs() {
    let f = Fixture::with_languages(&["zh", "en"]);
    built(&f, "out", &[]);
    f.write("out/notes.txt", "mine");
    f.edit(
        "sources/report.toml",
        "document = \"TDAG-23/XX\"",
        "document = \"TDAG-23/12(Rev.1)\"",
    );
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Removed out/TDAG-23-XX-C.pdf (stale)"),
        "{stderr}"
    );
    let names = f.files("out");
    assert_eq!(
        names,
        [
            "TDAG-23-12-Rev.1-C.docx",
            "TDAG-23-12-Rev.1-C.pdf",
            "TDAG-23-12-Rev.1-E.docx",
            "TDAG-23-12-Rev.1-E.pdf",
            "notes.txt"
        ]
    );
    // Building one language leaves the other language's files.
    built(&f, "out", &["--lang", "en", "--format", "pdf"]);
    assert!(f.path().join("out/TDAG-23-12-Rev.1-C.docx").exists());
}

#[test]
fn the_project_is_found_from_any_of_its_folders() {
    let f = Fixture::new();
    f.edit("sources/regions.toml", "id = \"AFR\"", "id = \"AFX\"");
    for dir in ["sources/sections", "templates/locales", "."] {
        let out = f
            .cmd()
            .current_dir(f.path().join(dir))
            .arg("check")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{dir}: {stderr}");
        assert!(
            stderr.contains("--> sources/initiatives.toml:"),
            "{dir}: paths stay relative to the project: {stderr}"
        );
    }
    let elsewhere = tempfile::tempdir().unwrap();
    // `-C DIR` before or after the command, as git and cargo take it.
    for args in [["check", "--project"], ["-C", "check"]] {
        let mut cmd = f.cmd();
        cmd.current_dir(elsewhere.path());
        let out = if args[0] == "check" {
            cmd.args(args).arg(f.path()).output()
        } else {
            cmd.arg("-C").arg(f.path()).arg("check").output()
        }
        .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--> sources/initiatives.toml:"),
            "{args:?}: {stderr}"
        );
    }
    let out = f
        .cmd()
        .current_dir(elsewhere.path())
        .arg("check")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: no sources directory"));
}

#[test]
fn records_are_read_at_run_time() {
    let f = Fixture::with_languages(&["zh", "en"]);
    built(&f, "out", &["--format", "docx", "--lang", "en"]);
    let sections = f.path().join("sources/sections");
    std::fs::rename(
        sections.join("6-resolutions.toml"),
        sections.join("6-wtdc-resolutions.toml"),
    )
    .unwrap();
    f.write(
        "sources/sections/7-next-steps.toml",
        "title.zh = \"下一步工作\"\ntitle.en = \"Next steps\"\n\n[[block]]\nkind = \"para\"\nnumbered = true\ntext.zh = \"秘书处将向TDAG-24报告。\"\ntext.en = \"The secretariat will report to TDAG-24.\"\n",
    );
    f.edit(
        "sources/regions.toml",
        "name.en = \"Europe\"",
        "name.en = \"Europe (ITU Region 1)\"",
    );
    built(&f, "out", &["--format", "docx", "--lang", "en"]);
    let text = docx_text(&f, "out", "E");
    assert!(
        text.contains("7\tNext steps")
            && text.contains("7.1\tThe secretariat will report to TDAG-24."),
        "{text}"
    );
    assert!(text.contains("6\tWTDC-22 resolutions"), "{text}");
    assert!(text.contains("Europe (ITU Region 1)"), "{text}");
}

#[test]
fn both_formats_carry_the_same_language_and_page() {
    let f = Fixture::new();
    built(&f, "out", &[]);
    let project = common::project();
    let layout = project.layout;
    for locale in &project.locales {
        let (letter, tag) = (locale.value.letter.get_ref(), locale.value.tag.get_ref());
        let package = docx(&f, "out", letter);
        let styles = package.xml("word/styles.xml");
        let lang = styles.all(W, "lang")[0];
        let docx_tag = lang
            .attr(W, "val")
            .or(lang.attr(W, "eastAsia"))
            .or(lang.attr(W, "bidi"));
        assert_eq!(docx_tag, Some(tag.as_str()));
        let body = package.xml("word/document.xml");
        let sect = page_of(body.all(W, "sectPr")[0]);
        let pdf =
            lopdf::Document::load(f.path().join(format!("out/TDAG-23-XX-{letter}.pdf"))).unwrap();
        let catalog = pdf.catalog().unwrap();
        let pdf_tag = catalog
            .get(b"Lang")
            .and_then(|l| l.as_str())
            .map(|s| String::from_utf8_lossy(s).into_owned());
        assert_eq!(pdf_tag.as_deref().ok(), Some(tag.as_str()));
        // The page: A4, with the layout's left margin in both.
        let (_, page) = pdf.get_pages().into_iter().next().unwrap();
        let media = pdf
            .get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let width = media[2].as_float().unwrap() as f64;
        assert!((width - layout.page.width.0).abs() < 0.01, "{width}");
        assert_eq!(sect, (layout.page.width.twips(), layout.page.left.twips()));
        let content = pdf.get_page_content(page).unwrap();
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        let left = ops
            .iter()
            .filter(|op| op.operator == "cm" && op.operands.len() == 6)
            .filter_map(|op| op.operands[4].as_float().ok())
            .filter(|x| *x > 1.0)
            .fold(f32::MAX, f32::min) as f64;
        assert!(
            (left - layout.page.left.0).abs() < 0.5,
            "text starts at {left}pt"
        );
    }
}

/// The page width and left margin of a section's properties, in twips.
fn page_of(sect: &common::ooxml::El) -> (u32, u32) {
    let width = sect
        .child(W, "pgSz")
        .and_then(|s| s.attr(W, "w"))
        .unwrap()
        .parse()
        .unwrap();
    let left = sect
        .child(W, "pgMar")
        .and_then(|s| s.attr(W, "left"))
        .unwrap()
        .parse()
        .unwrap();
    (width, left)
}
