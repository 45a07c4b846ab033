//! Revisions: a project in a git repository is committed, edited (words in
//! a paragraph, an initiative added, a Question removed, a work cycle
//! moved), and built with `--baseline HEAD`. The Word edition's tracked
//! changes, accepted, give the text of a plain build of the new records
//! and, rejected, that of the old ones, paragraph by paragraph; the PDF
//! draws the deleted words struck through and the inserted ones underlined.

mod common;

use common::ooxml::{El, Package, W, paragraphs};
use common::{Fixture, build, git};

/// A project under git with one commit, then edited; `old/` holds a plain
/// build of the commit, `new/` of the edits, `rev/` the revision.
fn revised() -> Fixture {
    // Chinese, English and Arabic: character, word and right-to-left marks.
    let f = Fixture::with_languages(&["zh", "en", "ar"]);
    f.commit("baseline");
    let (code, stderr) = build(&f, "old", &[]);
    assert_eq!(code, 0, "{stderr}");
    let intro = "sources/sections/1-introduction.toml";
    f.edit(
        intro,
        "It was a landmark event aimed at providing",
        "It was a historic landmark event designed to provide",
    );
    f.edit(
        intro,
        "这是一项具有里程碑意义的活动，旨在",
        "这是一项具有重大里程碑意义的活动，目的是",
    );
    let initiatives = f.read("sources/initiatives.toml");
    f.write(
        "sources/initiatives.toml",
        &format!("{initiatives}\n[[initiative]]\nid = \"EUR6\"\nregion = \"EUR\"\ntitle.zh = \"新的欧洲举措\"\ntitle.en = \"A new initiative for Europe\"\ntitle.ar = \"مبادرة جديدة لأوروبا\"\n"),
    );
    let questions = f.read("sources/questions.toml");
    let start = questions.find("[[question]]\nid = \"Q7/1\"").expect("Q7/1");
    let end = start
        + 12
        + questions[start + 12..]
            .find("[[question]]")
            .expect("the next Question");
    f.write(
        "sources/questions.toml",
        &format!("{}{}", &questions[..start], &questions[end..]),
    );
    f.edit(
        "sources/outputs.toml",
        "start = 2023\nend = 2025",
        "start = 2024\nend = 2026",
    );
    for (out, args) in [("new", vec![]), ("rev", vec!["--baseline", "HEAD"])] {
        let (code, stderr) = build(&f, out, &args);
        assert_eq!(code, 0, "{stderr}");
    }
    f
}

fn body(f: &Fixture, dir: &str, letter: &str) -> El {
    let bytes = std::fs::read(f.path().join(format!("{dir}/TDAG-23-XX-{letter}.docx"))).unwrap();
    Package::open(&bytes).xml("word/document.xml")
}

#[test]
fn accepting_gives_the_new_edition_and_rejecting_the_old() {
    let f = revised();
    for letter in ["C", "E", "A"] {
        let rev = body(&f, "rev", letter);
        let accepted = paragraphs(&rev, Some(true));
        let rejected = paragraphs(&rev, Some(false));
        let new = paragraphs(&body(&f, "new", letter), None);
        let old = paragraphs(&body(&f, "old", letter), None);
        assert_ne!(new, old, "the edit changed something");
        assert_eq!(accepted, new, "{letter}: accept all changes");
        assert_eq!(rejected, old, "{letter}: reject all changes");
    }
}

#[test]
fn changes_are_tracked_where_they_were_made() {
    let f = revised();
    let rev = body(&f, "rev", "E");
    let ins: Vec<String> = rev.all(W, "ins").iter().map(|e| e.text()).collect();
    let del: Vec<String> = rev
        .all(W, "del")
        .iter()
        .map(|e| e.all(W, "delText").iter().map(|t| t.text()).collect())
        .collect();
    let joined = |v: &[String]| v.join("|");
    for word in [
        "historic",
        "designed",
        "2024",
        "2026",
        "29",
        "EUR6",
        "A new initiative for Europe",
    ] {
        assert!(joined(&ins).contains(word), "`{word}` inserted: {ins:?}");
    }
    for word in ["aimed", "providing", "2023", "2025", "28", "Q7/1"] {
        assert!(joined(&del).contains(word), "`{word}` deleted: {del:?}");
    }
    // Deleted text is w:delText, never w:t, as Word requires.
    for d in rev.all(W, "del") {
        assert!(d.all(W, "t").is_empty(), "w:t inside w:del");
    }
    // Rows: the new initiative's row is inserted, the Question's deleted.
    let rows = rev.all(W, "tr");
    let row = |text: &str| {
        rows.iter()
            .find(|r| {
                r.revised_text(true).starts_with(text) || r.revised_text(false).starts_with(text)
            })
            .copied()
    };
    assert!(row("EUR6").expect("the new row").marked("ins"));
    assert!(row("Q7/1").expect("the removed row").marked("del"));
    // The changed figure: the old picture deleted, the new one inserted.
    let pictures_in = |tag: &str| {
        rev.all(W, tag)
            .iter()
            .map(|e| e.all(W, "drawing").len())
            .sum::<usize>()
    };
    assert_eq!((pictures_in("del"), pictures_in("ins")), (1, 1));
    // Revision ids are unique; authors and dates are set.
    let mut ids: Vec<String> = rev
        .all(W, "ins")
        .iter()
        .chain(rev.all(W, "del").iter())
        .map(|e| e.attr(W, "id").unwrap().to_string())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "unique revision ids");
    for e in rev.all(W, "ins") {
        assert_eq!(
            e.attr(W, "author"),
            Some("Director, Telecommunication Development Bureau")
        );
        assert_eq!(e.attr(W, "date"), Some("2023-04-28T00:00:00Z"));
    }
    let settings = Package::open(&std::fs::read(f.path().join("rev/TDAG-23-XX-E.docx")).unwrap())
        .xml("word/settings.xml");
    assert!(
        settings.child(W, "trackRevisions").is_some(),
        "Word keeps tracking changes"
    );
}

#[test]
fn revision_builds_are_reproducible_and_unchanged_ones_have_no_marks() {
    let f = revised();
    let (code, stderr) = build(
        &f,
        "rev2",
        &["--baseline", "HEAD", "--author", "ITU-D secretariat"],
    );
    assert_eq!(code, 0, "{stderr}");
    let rev2 = body(&f, "rev2", "C");
    assert!(
        rev2.all(W, "ins")
            .iter()
            .all(|e| e.attr(W, "author") == Some("ITU-D secretariat"))
    );
    let (code, stderr) = build(&f, "rev3", &["--baseline", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["TDAG-23-XX-C.docx", "TDAG-23-XX-E.docx", "TDAG-23-XX-E.pdf"] {
        let a = std::fs::read(f.path().join("rev").join(name)).unwrap();
        let b = std::fs::read(f.path().join("rev3").join(name)).unwrap();
        assert!(a == b, "{name}: two revision builds differ");
    }
    // Against itself, nothing is marked: the files are the plain ones.
    f.commit("edited");
    let (code, stderr) = build(&f, "same", &["--baseline", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["TDAG-23-XX-C.docx", "TDAG-23-XX-E.pdf"] {
        let plain = std::fs::read(f.path().join("new").join(name)).unwrap();
        let same = std::fs::read(f.path().join("same").join(name)).unwrap();
        assert!(plain == same, "{name}: no change, no marks");
    }
}

#[test]
fn a_bad_baseline_is_a_clear_error() {
    let f = revised();
    let (code, stderr) = build(&f, "x", &["--baseline", "no-such-tag"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "error: `no-such-tag` is neither a folder nor a git revision of this project"
        ),
        "{stderr}"
    );
    // A baseline whose records are broken is named, and located in its files.
    f.edit("sources/regions.toml", "id = \"AFR\"", "id = \"AFX\"");
    git(f.path(), &["commit", "-q", "-am", "broken"]);
    f.edit("sources/regions.toml", "id = \"AFX\"", "id = \"AFR\"");
    let (code, stderr) = build(&f, "x", &["--baseline", "HEAD"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: the baseline `HEAD` does not pass `check`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> HEAD:sources/initiatives.toml:"),
        "{stderr}"
    );
}

#[test]
fn a_baseline_from_an_earlier_version_of_the_templates_is_read_through_the_current_ones() {
    let f = revised();
    // The baseline's locale lacks a field this version requires, as the
    // locales of an earlier version of the tool do.
    let locale = f.read("templates/locales/en.toml");
    let script = locale
        .lines()
        .find(|l| l.starts_with("script = "))
        .unwrap()
        .to_string();
    f.edit("templates/locales/en.toml", &format!("{script}\n"), "");
    git(
        f.path(),
        &[
            "commit",
            "-q",
            "-m",
            "an older locale",
            "--",
            "templates/locales/en.toml",
        ],
    );
    f.write("templates/locales/en.toml", &locale);
    let (code, stderr) = build(
        &f,
        "x",
        &["--baseline", "HEAD", "--lang", "en", "--format", "docx"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: the baseline `HEAD`'s locales or layout cannot be read by this version (missing field `script`); its records are compared through the current templates"),
        "{stderr}"
    );
    // The records' changes since the baseline are still marked.
    assert!(!body(&f, "x", "E").all(W, "ins").is_empty());
}

#[test]
fn the_summary_names_each_change_and_where_it_is() {
    let f = revised();
    let out = f
        .cmd()
        .args(["diff", "--baseline", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let at = f.locate("sources/outputs.toml", "start = 2024", 0, 8);
    for line in [
        format!("changed output initiatives (start, end) at {at}"),
        format!(
            "added initiative EUR6 at {}",
            f.locate("sources/initiatives.toml", "\"EUR6\"", 0, 0)
        ),
        "removed Question Q7/1 at HEAD:sources/questions.toml:".to_string(),
        "changed paragraph 1.1 at sources/sections/1-introduction.toml:".to_string(),
    ] {
        assert!(stdout.contains(&line), "`{line}` in:\n{stdout}");
    }
    let out = f
        .cmd()
        .args(["diff", "--baseline", "HEAD", "--message-format", "json"])
        .output()
        .unwrap();
    let changes: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(changes.iter().any(|c| c["change"] == "added"
        && c["what"] == "initiative"
        && c["which"] == "EUR6"
        && c["file"] == "sources/initiatives.toml"));
    let out = f
        .cmd()
        .args(["diff", "--baseline", "HEAD", "--message-format", "github"])
        .output()
        .unwrap();
    let github = String::from_utf8(out.stdout).unwrap();
    assert!(
        github.contains("::notice file=sources/initiatives.toml,line="),
        "{github}"
    );
}

/// The deleted and inserted words of the PDF, found in the laid-out page:
/// each is crossed by a line of its colour (struck through), or has one
/// under it (underlined).
#[test]
fn the_pdf_strikes_deleted_words_and_underlines_inserted_ones() {
    use tdag_report::build::{BuildOptions, Session};
    use tdag_report::typeset::{FontOptions, FontSet};
    use typst::layout::{Frame, FrameItem, Point};
    use typst::visualize::{Geometry, Paint};

    let f = revised();
    let paths = tdag_report::Paths::at(f.path());
    let project = tdag_report::Project::load(&paths, &Default::default()).unwrap();
    let baseline =
        tdag_report::revise::baseline::load(&paths, "HEAD").unwrap_or_else(|d| panic!("{d:?}"));
    let session = Session::new(FontSet::new(&FontOptions::default()));
    let options = BuildOptions {
        langs: vec!["en".into()],
        ..Default::default()
    };
    let editions = session.plan(&project, &options, Some(&baseline)).unwrap();
    let doc = &editions[0].doc;
    let document = common::typeset(doc, f.path());

    // Every word and every line drawn on page 1, in page coordinates.
    #[derive(Debug)]
    struct Word {
        text: String,
        x: f64,
        y: f64,
        width: f64,
        size: f64,
    }
    fn walk(
        frame: &Frame,
        at: Point,
        words: &mut Vec<Word>,
        lines: &mut Vec<(f64, f64, f64, String)>,
    ) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            match item {
                FrameItem::Group(g) => walk(&g.frame, p + g.transform_origin(), words, lines),
                FrameItem::Text(t) => words.push(Word {
                    text: t.text.to_string(),
                    x: p.x.to_pt(),
                    y: p.y.to_pt(),
                    width: t.width().to_pt(),
                    size: t.size.to_pt(),
                }),
                FrameItem::Shape(shape, _) => {
                    if let (Geometry::Line(to), Some(stroke)) = (&shape.geometry, &shape.stroke)
                        && let Paint::Solid(colour) = &stroke.paint
                    {
                        let hex = colour.to_hex();
                        lines.push((
                            p.x.to_pt(),
                            p.x.to_pt() + to.x.to_pt(),
                            p.y.to_pt(),
                            hex.to_string(),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    let mut words = Vec::new();
    let mut lines = Vec::new();
    walk(
        &document.pages()[0].frame,
        Point::zero(),
        &mut words,
        &mut lines,
    );
    let lay = &doc.layout.colours;
    let find = |text: &str| {
        words
            .iter()
            .find(|w| w.text.trim() == text)
            .unwrap_or_else(|| panic!("`{text}` on page 1: {words:?}"))
    };
    let line_at = |w: &Word, colour: &str, from: f64, to: f64| {
        lines.iter().any(|(x0, x1, y, c)| {
            c.eq_ignore_ascii_case(colour)
                && *x0 <= w.x + 0.5
                && *x1 >= w.x + w.width - 0.5
                && *y >= w.y + from * w.size
                && *y <= w.y + to * w.size
        })
    };
    // Struck through: a line across the middle of the word; underlined: a
    // line just below its baseline.
    let aimed = find("aimed");
    assert!(
        line_at(aimed, &lay.deleted.0, -0.5, -0.1),
        "`aimed` struck through: {lines:?}"
    );
    let historic = find("historic");
    assert!(
        line_at(historic, &lay.inserted.0, 0.0, 0.4),
        "`historic` underlined: {lines:?}"
    );
}

trait Origin {
    fn transform_origin(&self) -> typst::layout::Point;
}

impl Origin for typst::layout::GroupItem {
    fn transform_origin(&self) -> typst::layout::Point {
        typst::layout::Point::new(self.transform.tx, self.transform.ty)
    }
}

#[test]
fn the_header_says_which_revision_it_is() {
    let f = Fixture::new();
    f.edit(
        "sources/report.toml",
        "original = \"en\"",
        "original = \"en\"\nrevision = 1",
    );
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 0, "{stderr}");
    for (letter, line) in [
        ("E", "Revision 1 to Document TDAG-23/XX-E"),
        ("C", "文件 TDAG-23/XX-C 第1次修订版"),
    ] {
        let pdf = common::squash(&common::pdf_text(
            &f.path().join(format!("out/TDAG-23-XX-{letter}.pdf")),
        ));
        assert!(pdf.contains(&common::squash(line)), "{letter}: {line}");
        let docx = paragraphs(&body(&f, "out", letter), None);
        assert!(docx.iter().any(|p| p == line), "{letter}: {docx:?}");
    }
    // The file names stay those of the document.
    assert!(f.path().join("out/TDAG-23-XX-E.pdf").exists());
}
