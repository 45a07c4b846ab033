//! Broken and hostile source trees: each is a copy of the real project
//! with one thing wrong (or merely unusual). `build` must answer with a
//! located error and exit 1 while leaving the previous outputs untouched,
//! or, where the input is legal, with a correct document. Never a panic.

mod common;

use std::path::Path;

use common::ooxml::{Package, W};
use common::{Fixture, build, pdf_text, squash};

/// The file names of every edition of the shipped project.
fn outputs() -> Vec<String> {
    common::project()
        .locales
        .iter()
        .flat_map(|l| {
            let letter = l.value.letter.get_ref().clone();
            ["pdf", "docx"].map(|ext| format!("TDAG-23-XX-{letter}.{ext}"))
        })
        .collect()
}

/// Puts stand-ins for a previous build's outputs into `out/`.
fn previous_outputs(f: &Fixture) {
    for name in outputs() {
        f.write(&format!("out/{name}"), &format!("previous {name}"));
    }
}

/// Asserts the previous outputs are as they were and nothing else is there.
fn assert_untouched(f: &Fixture) {
    let mut names: Vec<String> = std::fs::read_dir(f.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".tdag-report-outputs")
        .collect();
    names.sort();
    let mut expected = outputs();
    expected.sort();
    assert_eq!(names, expected, "no temporary or new files are left");
    for name in outputs() {
        assert_eq!(
            f.read(&format!("out/{name}")),
            format!("previous {name}"),
            "{name} was touched"
        );
    }
}

/// Runs `build` over previous outputs and asserts a located error.
fn rejected(f: &Fixture, message: &str, location: &str) -> String {
    previous_outputs(f);
    let (code, stderr) = build(f, "out", &[]);
    assert_eq!(code, 1, "exit 1 expected:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&format!("error: {message}")),
        "no `error: {message}` in:\n{stderr}"
    );
    assert!(
        stderr.contains(location),
        "`{location}` not named in:\n{stderr}"
    );
    assert_untouched(f);
    stderr
}

/// Runs `build` and asserts a complete, correct set of outputs.
fn accepted(f: &Fixture, args: &[&str]) {
    let (code, stderr) = build(f, "out", args);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The text of the English PDF and of the English DOCX body, squashed.
fn english_texts(f: &Fixture) -> (String, String) {
    let pdf = squash(&pdf_text(&f.path().join("out/TDAG-23-XX-E.pdf")));
    let docx = std::fs::read(f.path().join("out/TDAG-23-XX-E.docx")).unwrap();
    let body = Package::open(&docx).xml("word/document.xml");
    let docx: String = body
        .all(W, "p")
        .iter()
        .map(|p| squash(&p.para_text()))
        .collect();
    (pdf, docx)
}

/// Runs the binary with the privileges of `nobody` when the tests run as
/// root (root reads and writes through any permission bits). The caller
/// opens the tree to other users first (`chmod_tree`).
fn as_unprivileged(f: &Fixture, args: &[&str]) -> (i32, String) {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        cmd.arg(env!("CARGO_BIN_EXE_tdag-report"));
        cmd
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_tdag-report"))
    };
    let out = cmd
        .current_dir(f.path())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Opens a tree (and the directories above it) to other users.
fn chmod_tree(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let mut dir = Some(path);
    while let Some(d) = dir {
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
        dir = d.parent();
    }
    for entry in walk(path) {
        let m = if entry.is_dir() { mode } else { 0o644 };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(m)).unwrap();
    }
}

fn walk(path: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn malformed_toml() {
    let f = Fixture::new();
    f.edit("sources/initiatives.toml", "id = \"AFR1\"", "id = \"AFR1");
    let at = f.locate("sources/initiatives.toml", "id = \"AFR1", 0, 10);
    rejected(&f, "invalid basic string", &at);
}

#[test]
fn wrong_type() {
    let f = Fixture::new();
    f.edit(
        "sources/resolutions.toml",
        "revised = 40",
        "revised = \"forty\"",
    );
    let at = f.locate("sources/resolutions.toml", "\"forty\"", 0, 0);
    rejected(&f, "`revised` must be a whole number such as 40", &at);
}

#[test]
fn unknown_key() {
    let f = Fixture::new();
    f.edit(
        "sources/report.toml",
        "original = \"en\"",
        "orignal = \"en\"",
    );
    let at = f.locate("sources/report.toml", "orignal", 0, 0);
    let stderr = rejected(&f, "unknown key `orignal` in [meta]", &at);
    assert!(stderr.contains("did you mean `original`?"), "{stderr}");
    assert!(
        !stderr.contains("without `original`"),
        "one error for one slip: {stderr}"
    );
}

#[test]
fn duplicate_ids() {
    let f = Fixture::new();
    f.edit("sources/questions.toml", "id = \"Q2/2\"", "id = \"Q1/2\"");
    let at = f.locate("sources/questions.toml", "\"Q1/2\"", 1, 0);
    rejected(&f, "duplicate Question id `Q1/2`", &at);
}

#[test]
fn dangling_reference() {
    let f = Fixture::new();
    let file = "sources/sections/5-study-group-questions.toml";
    f.edit(file, "study_group = \"SG2\"", "study_group = \"SG9\"");
    let at = f.locate(file, "\"SG9\"", 0, 0);
    rejected(&f, "unknown study group `SG9`", &at);
}

#[test]
fn missing_translation() {
    let f = Fixture::new();
    f.edit("sources/kap.toml", "title.en = \"Member-driven\"\n", "");
    let at = f.locate("sources/kap.toml", "title.zh = \"成员驱动\"", 0, 0);
    rejected(&f, "missing `en` text", &at);
}

#[test]
fn blank_translation() {
    let f = Fixture::new();
    f.edit(
        "sources/kap.toml",
        "title.en = \"Member-driven\"",
        "title.en = \"\\t \\u00A0\"",
    );
    let at = f.locate("sources/kap.toml", "\"\\t \\u00A0\"", 0, 0);
    rejected(&f, "blank `en` text", &at);
}

#[test]
fn nul_written_as_an_escape() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Af\\u0000rica\"",
    );
    let at = f.locate("sources/regions.toml", "\\u0000", 0, 0);
    rejected(&f, "control character (U+0000) in text", &at);
}

#[test]
fn raw_nul_byte() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Af\0rica\"",
    );
    let at = f.locate("sources/regions.toml", "\0", 0, 0);
    rejected(&f, "invalid basic string", &at);
}

#[test]
fn other_control_characters() {
    for (escape, name) in [
        ("\\u001B", "U+001B"),
        ("\\u0085", "U+0085"),
        ("\\r", "U+000D"),
        ("\\n", "U+000A"),
    ] {
        let f = Fixture::new();
        f.edit(
            "sources/regions.toml",
            "name.en = \"Africa\"",
            &format!("name.en = \"Af{escape}rica\""),
        );
        let at = f.locate("sources/regions.toml", escape, 0, 0);
        rejected(&f, &format!("control character ({name}"), &at);
    }
}

#[test]
fn bidirectional_override() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "title.en = \"Digital infrastructure development\"",
        "title.en = \"Digital \u{2067}infrastructure\u{2069} development\"",
    );
    let at = f.locate("sources/initiatives.toml", "\u{2067}", 0, 0);
    rejected(
        &f,
        "bidirectional control character (U+2067 RIGHT-TO-LEFT ISOLATE) in text",
        &at,
    );
}

#[test]
fn lone_combining_mark() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "title.en = \"Digital infrastructure development\"",
        "title.en = \"Digital \u{0308} development\"",
    );
    let at = f.locate("sources/initiatives.toml", "\u{0308}", 0, 0);
    rejected(&f, "combining mark without a base character", &at);
}

#[test]
fn a_one_megabyte_string() {
    let f = Fixture::new();
    let big = "x".repeat(1 << 20);
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        &format!("name.en = \"{big}\""),
    );
    let at = f.locate("sources/regions.toml", "\"xxx", 0, 0);
    rejected(&f, "text of 1048576 characters is too long", &at);
}

#[test]
fn ten_thousand_records() {
    let f = Fixture::with_languages(&["zh", "en"]);
    let regions = ["AFR", "AMS", "ARB", "ASP", "CIS", "EUR"];
    let mut text = String::new();
    for n in 0..10_000 {
        let region = regions[n % regions.len()];
        let id = format!("{region}{}", n / regions.len() + 1);
        text.push_str(&format!(
            "[[initiative]]\nid = \"{id}\"\nregion = \"{region}\"\ntitle.zh = \"区域性举措{id}\"\ntitle.en = \"Regional initiative {id}\"\n\n"
        ));
    }
    f.write("sources/initiatives.toml", &text);
    let out = f.cmd().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("10000 initiatives"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    accepted(&f, &["--lang", "en"]);
    let (pdf, docx) = english_texts(&f);
    for id in ["AFR1", "EUR1666", "ASP1667"] {
        let row = format!("{id}Regionalinitiative{id}");
        assert!(
            pdf.contains(&row) && docx.contains(&row),
            "{id} is a row of both editions"
        );
    }
}

#[test]
fn non_utf8_bytes() {
    let f = Fixture::new();
    let location = f.locate("sources/regions.toml", "Africa", 0, 1);
    let mut bytes = f.read("sources/regions.toml").into_bytes();
    let at = f.read("sources/regions.toml").find("Africa").unwrap();
    bytes[at + 1] = 0xFF;
    std::fs::write(f.path().join("sources/regions.toml"), bytes).unwrap();
    let at = location;
    let stderr = rejected(&f, "file is not valid UTF-8", &at);
    assert!(stderr.contains("invalid byte 0xff"), "{stderr}");
}

#[test]
fn utf8_byte_order_mark_is_accepted() {
    let f = Fixture::new();
    for file in [
        "sources/regions.toml",
        "sources/report.toml",
        "templates/locales/zh.toml",
    ] {
        let text = f.read(file);
        f.write(file, &format!("\u{FEFF}{text}"));
    }
    accepted(&f, &["--format", "pdf"]);
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let at = f.locate("sources/regions.toml", "\"\"", 0, 0);
    let (line, col) = at
        .rsplit_once(':')
        .map(|(l, c)| (l.to_string(), c.parse::<usize>().unwrap()))
        .unwrap();
    assert_eq!(col, 11);
    rejected(&f, "blank `en` text", &format!("{line}:{col}"));
}

#[test]
fn crlf_line_endings_are_accepted() {
    let f = Fixture::new();
    for entry in walk(&f.path().join("sources")) {
        if entry.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&entry).unwrap();
            std::fs::write(&entry, text.replace('\n', "\r\n")).unwrap();
        }
    }
    accepted(&f, &[]);
    let (pdf, docx) = english_texts(&f);
    assert!(pdf.contains("Africa") && docx.contains("Africa"));
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let at = f.locate("sources/regions.toml", "\"\"", 0, 0);
    rejected(&f, "blank `en` text", &at);
}

#[test]
fn empty_file() {
    let f = Fixture::new();
    f.write("sources/regions.toml", "");
    rejected(&f, "no [[region]] records", "sources/regions.toml:1:1");
    let f = Fixture::new();
    f.write("sources/report.toml", "");
    rejected(
        &f,
        "sources/report.toml without `languages`",
        "sources/report.toml:1:1",
    );
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let f = Fixture::new();
    std::fs::remove_file(f.path().join("sources/kap.toml")).unwrap();
    std::fs::create_dir(f.path().join("sources/kap.toml")).unwrap();
    rejected(&f, "expected a file, found a directory", "sources/kap.toml");
}

#[test]
fn a_symlink_leading_outside_the_project() {
    let f = Fixture::new();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), f.read("sources/kap.toml")).unwrap();
    std::fs::remove_file(f.path().join("sources/kap.toml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), f.path().join("sources/kap.toml")).unwrap();
    rejected(
        &f,
        "file is a link to a place outside its directory",
        "sources/kap.toml",
    );
}

#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    previous_outputs(&f);
    let (code, stderr) = {
        let path = f.path().join("sources/kap.toml");
        let result = {
            chmod_tree(f.path(), 0o755);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
            as_unprivileged(&f, &["build", "--out", "out"])
        };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        result
    };
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: cannot read: permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("sources/kap.toml"), "{stderr}");
    assert_untouched(&f);
}

#[test]
fn an_output_directory_that_cannot_be_written() {
    let f = Fixture::new();
    f.write("blocked", "a file where the output directory should be");
    let (code, stderr) = build(&f, "blocked/out", &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: cannot write the output: creating its directory"),
        "{stderr}"
    );
    assert!(stderr.contains("blocked/out/TDAG-23-XX-"), "{stderr}");

    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    previous_outputs(&f);
    chmod_tree(f.path(), 0o755);
    std::fs::set_permissions(f.path().join("out"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let (code, stderr) = as_unprivileged(&f, &["build", "--out", "out"]);
    std::fs::set_permissions(f.path().join("out"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: cannot write the output: creating a temporary file"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_untouched(&f);
}

/// Escapes a string for a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[test]
fn typst_and_xml_injection_in_every_text_field() {
    let payload = r#"</w:t></w:r><w:r><w:t>x]]><!-- &amp; &lt; <tag> #read("/etc/passwd") #import "@preview/x:1.0.0" $x^2$ *b* _i_ @ref \ // ] {{"#;
    let shown = payload.replace("{{", "{");
    let f = Fixture::new();
    let mut fields = 0;
    for entry in walk(&f.path().join("sources")) {
        if entry.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            let is_text =
                ["zh = \"", "en = \""].iter().any(|k| line.contains(k)) && line.ends_with('"');
            if is_text {
                out.push_str(&line[..line.len() - 1]);
                out.push_str(&toml_escape(&format!(" {payload}")));
                out.push('"');
                fields += 1;
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        std::fs::write(&entry, out).unwrap();
    }
    assert!(fields > 300, "{fields} text fields");
    accepted(&f, &[]);
    let (pdf, docx) = english_texts(&f);
    let needle = squash(&shown);
    assert!(
        pdf.matches(&needle).count() > 120,
        "PDF shows it {} times",
        pdf.matches(&needle).count()
    );
    assert!(
        docx.matches(&needle).count() > 100,
        "DOCX shows it {} times",
        docx.matches(&needle).count()
    );
    assert!(!pdf.contains("root:x:0:0") && !docx.contains("root:x:0:0"));
    let bytes = std::fs::read(f.path().join("out/TDAG-23-XX-E.docx")).unwrap();
    let package = Package::open(&bytes);
    let pictures = package
        .xml("word/document.xml")
        .all(common::ooxml::WP, "docPr")
        .len();
    assert_eq!(pictures, 3);
    let described = package
        .xml("word/document.xml")
        .all(common::ooxml::WP, "docPr")
        .iter()
        .filter(|p| p.attr("", "descr").is_some_and(|d| d.contains(&shown)))
        .count();
    assert_eq!(described, 3, "alt texts carry the payload literally");
}

#[test]
fn the_template_cannot_read_outside_the_templates() {
    let cases: [(&str, &str); 4] = [
        (
            "#read(\"/etc/passwd\")",
            "file not found (searched at templates/etc/passwd)",
        ),
        (
            "#read(\"../sources/report.toml\")",
            "would escape the project root",
        ),
        (
            "#import \"@preview/cetz:0.3.0\"",
            "packages are not available",
        ),
        ("#read(\"leak.txt\")", "access denied"),
    ];
    for (code, message) in cases {
        let f = Fixture::new();
        std::os::unix::fs::symlink("/etc/passwd", f.path().join("templates/leak.txt")).unwrap();
        f.edit(
            "templates/report.typ",
            "#let doc = json(\"/doc.json\")",
            &format!("{code}\n#let doc = json(\"/doc.json\")"),
        );
        let at = f.locate("templates/report.typ", code, 0, 0);
        let line = at.split(':').nth(1).unwrap().to_string();
        let stderr = rejected(&f, "", &format!("templates/report.typ:{line}:"));
        assert!(stderr.contains(message), "`{code}`: {stderr}");
        assert!(!stderr.contains("root:x:0"), "{stderr}");
    }
}
