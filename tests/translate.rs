//! The translation exchange, run as a translator would: `translate export`
//! writes XLIFF 1.2, the file is edited by hand as a translation tool
//! would, `translate import` writes it back. Untouched, the round trip
//! changes no byte of the sources; an edited target changes that text and
//! nothing else; every broken file is a located error and changes
//! nothing. Stale translations: `check --baseline` and `translate export
//! --changed-since` in a git repository.

mod common;

use std::path::{Path, PathBuf};

use common::Fixture;

/// The default export into French.
const XLF: &str = "translations/TDAG-23-XX-fr.xlf";

/// Runs the binary in the fixture; exit code and stderr.
fn run(f: &Fixture, args: &[&str]) -> (i32, String) {
    let out = f.cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exports into French (to XLF unless `-o` is given); the file's text.
fn export(f: &Fixture, extra: &[&str]) -> String {
    let (code, stderr) = run(f, &[&["translate", "export", "--to", "fr"], extra].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Exported"), "{stderr}");
    let out = extra
        .iter()
        .position(|a| *a == "-o")
        .map_or(XLF, |i| extra[i + 1]);
    f.read(out)
}

fn import(f: &Fixture) -> (i32, String) {
    run(f, &["translate", "import", XLF])
}

/// Every file under `sources/`, with its bytes.
fn sources(f: &Fixture) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&f.path().join("sources"), &mut out);
    out.sort();
    out
}

/// The byte range of the unit `id` in an XLIFF text.
fn unit(xlf: &str, id: &str) -> std::ops::Range<usize> {
    let start = xlf
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit `{id}`"));
    let end = start + xlf[start..].find("</trans-unit>").unwrap();
    start..end
}

/// Replaces the first `from` after `after` inside the unit `id` of XLF.
fn edit_unit(f: &Fixture, id: &str, after: &str, from: &str, to: &str) {
    let xlf = f.read(XLF);
    let range = unit(&xlf, id);
    let base = range.start + xlf[range.clone()].find(after).expect("anchor in the unit");
    let at = base + xlf[base..range.end].find(from).expect("text in the unit");
    f.write(
        XLF,
        &format!("{}{to}{}", &xlf[..at], &xlf[at + from.len()..]),
    );
}

/// `path:line:column` of the first `needle` after `anchor` in a file of
/// the fixture (columns in characters, from 1).
fn place(f: &Fixture, rel: &str, anchor: &str, needle: &str) -> String {
    let text = f.read(rel);
    let base = text.find(anchor).expect("anchor");
    location(
        rel,
        &text,
        base + text[base..].find(needle).expect("needle"),
    )
}

/// `rel:line:column` of byte `at` of `text`.
fn location(rel: &str, text: &str, at: usize) -> String {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{rel}:{line}:{column}")
}

/// The first placeholder in the target of the unit `id`: its syntax.
fn first_target_placeholder(f: &Fixture, id: &str) -> String {
    let element = first_target_code(f, id);
    element[element.find('>').unwrap() + 1..element.find("</ph>").unwrap()].to_string()
}

/// The first `<ph>…</ph>` element of a unit's target.
fn first_target_code(f: &Fixture, id: &str) -> String {
    let xlf = f.read(XLF);
    let u = &xlf[unit(&xlf, id)];
    let target = &u[u.find("<target").unwrap()..];
    target[target.find("<ph ").unwrap()..target.find("</ph>").unwrap() + 5].to_string()
}

/// Asserts that importing XLF fails with `message` at `location`, and
/// that no file of the sources changed.
fn assert_import_error(f: &Fixture, message: &str, location: &str) -> String {
    let before = sources(f);
    let (code, stderr) = import(f);
    assert_eq!(code, 1, "import should fail:\n{stderr}");
    common::assert_located(&stderr, message, location);
    assert!(sources(f) == before, "a failed import changed the sources");
    stderr
}

#[test]
fn an_untouched_round_trip_changes_no_byte() {
    let f = Fixture::new();
    let before = sources(&f);
    let project = common::project();
    let original = project.model.report.meta.original.get_ref().clone();
    for lang in project.model.languages() {
        if lang == original {
            continue;
        }
        let out = format!("translations/{lang}.xlf");
        let (code, stderr) = run(&f, &["translate", "export", "--to", lang, "-o", &out]);
        assert_eq!(code, 0, "{stderr}");
        let (code, stderr) = run(&f, &["translate", "import", &out]);
        assert_eq!(code, 0, "{lang}: {stderr}");
        assert!(
            stderr.contains("Imported 0 translations"),
            "{lang}: {stderr}"
        );
    }
    assert!(sources(&f) == before, "the round trip changed the sources");
}

#[test]
fn an_edited_target_changes_exactly_that_text() {
    let f = Fixture::new();
    let before = sources(&f);
    export(&f, &[]);
    edit_unit(
        &f,
        "initiative/AFR1/title",
        "<target",
        "</target>",
        " (révisé)\u{A0}!</target>",
    );
    let (code, stderr) = import(&f);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Imported 1 translation"), "{stderr}");
    let after = sources(&f);
    let changed: Vec<&PathBuf> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(changed, [&f.path().join("sources/initiatives.toml")]);
    let (old, new) = before
        .iter()
        .zip(&after)
        .find(|(a, _)| a.0.ends_with("initiatives.toml"))
        .map(|(a, b)| (String::from_utf8_lossy(&a.1), String::from_utf8_lossy(&b.1)))
        .unwrap();
    let diff: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count());
    assert_eq!(diff.len(), 1, "{diff:?}");
    let (was, is) = diff[0];
    assert!(was.starts_with("title.fr = \""), "{was}");
    // The no-break space is written as the records write it: escaped.
    assert_eq!(is, format!("{} (révisé)\\u00A0!\"", &was[..was.len() - 1]));
}

#[test]
fn a_missing_translation_is_added_in_language_order() {
    let f = Fixture::new();
    let rel = "sources/initiatives.toml";
    let shipped = f.read(rel);
    let start = shipped.find("id = \"AFR1\"").unwrap();
    let line_start = start + shipped[start..].find("\ntitle.fr = ").unwrap() + 1;
    let line_end = line_start + shipped[line_start..].find('\n').unwrap() + 1;
    f.write(
        rel,
        &format!("{}{}", &shipped[..line_start], &shipped[line_end..]),
    );
    let xlf = export(&f, &[]);
    let range = unit(&xlf, "initiative/AFR1/title");
    assert!(
        !xlf[range].contains("<target"),
        "no target for a missing text"
    );
    let project = common::project();
    let fr = project
        .model
        .record("initiative", "AFR1")
        .and_then(|r| r.text("title"))
        .and_then(|t| t.get("fr"))
        .unwrap()
        .replace('&', "&amp;")
        .replace('<', "&lt;");
    edit_unit(
        &f,
        "initiative/AFR1/title",
        "<source",
        "</source>",
        &format!("</source>\n        <target xml:lang=\"fr\">{fr}</target>"),
    );
    let (code, stderr) = import(&f);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(f.read(rel), shipped, "the line is back where it was");
}

#[test]
fn an_unknown_id_is_located_with_the_closest() {
    let f = Fixture::new();
    export(&f, &[]);
    edit_unit(
        &f,
        "initiative/AFR1/title",
        "<trans-unit",
        "id=\"initiative/AFR1/title\"",
        "id=\"initiative/AFR1/titel\"",
    );
    let at = place(&f, XLF, "initiative/AFR1/titel", "initiative");
    let stderr = assert_import_error(&f, "no text `initiative/AFR1/titel` in the sources", &at);
    assert!(
        stderr.contains("did you mean `initiative/AFR1/title`?"),
        "{stderr}"
    );
}

#[test]
fn a_lost_placeholder_is_located() {
    let f = Fixture::new();
    export(&f, &[]);
    let id = "report/summary/2/text";
    let ph = first_target_placeholder(&f, id);
    let element = &first_target_code(&f, id);
    edit_unit(&f, id, "<target", element, "");
    let at = place(&f, XLF, &format!("id=\"{id}\""), "<target");
    let stderr = assert_import_error(
        &f,
        &format!("the translation of `{id}` lost the placeholder `{ph}`"),
        &at,
    );
    assert!(stderr.contains("in the source"), "{stderr}");
}

#[test]
fn an_added_placeholder_is_located() {
    let f = Fixture::new();
    export(&f, &[]);
    let id = "report/meta/title";
    edit_unit(
        &f,
        id,
        "<target",
        "</target>",
        " <ph id=\"9\" ctype=\"x-placeholder\">{regions.count}</ph></target>",
    );
    let at = place(&f, XLF, &format!("id=\"{id}\""), "<ph id=\"9\"");
    assert_import_error(
        &f,
        &format!(
            "the translation of `{id}` has the placeholder `{{regions.count}}`, which is not in the source"
        ),
        &at,
    );
}

#[test]
fn an_altered_placeholder_is_located() {
    let f = Fixture::new();
    export(&f, &[]);
    let id = "report/summary/2/text";
    let ph = first_target_placeholder(&f, id);
    let altered = ph.replace('}', ".x}");
    edit_unit(
        &f,
        id,
        "<target",
        &format!(">{ph}<"),
        &format!(">{altered}<"),
    );
    let xlf = f.read(XLF);
    let u = unit(&xlf, id);
    let t = u.start + xlf[u].find("<target").unwrap();
    let at = t + xlf[t..].find(&altered).unwrap();
    let at = location(XLF, &xlf, xlf[..at].rfind("<ph ").unwrap());
    assert_import_error(
        &f,
        &format!("the translation of `{id}` altered the placeholder `{ph}`: it reads `{altered}`"),
        &at,
    );
}

#[test]
fn a_placeholder_used_twice_is_located() {
    let f = Fixture::new();
    export(&f, &[]);
    let id = "report/summary/2/text";
    let ph = first_target_placeholder(&f, id);
    let element = &first_target_code(&f, id);
    edit_unit(
        &f,
        id,
        "<target",
        "</target>",
        &format!(" {element}</target>"),
    );
    let xlf = f.read(XLF);
    let end = unit(&xlf, id).end;
    let second = location(XLF, &xlf, xlf[..end].rfind(element).unwrap());
    assert_import_error(
        &f,
        &format!("the translation of `{id}` has the placeholder `{ph}` twice"),
        &second,
    );
}

#[test]
fn a_line_break_in_a_target_is_located() {
    let f = Fixture::new();
    export(&f, &[]);
    let id = "report/meta/title";
    edit_unit(&f, id, "<target", "</target>", "\n(suite)</target>");
    let at = place(&f, XLF, &format!("id=\"{id}\""), "<target");
    assert_import_error(
        &f,
        &format!("line break or tab in the translation of `{id}`"),
        &at,
    );
}

#[test]
fn an_empty_target_is_located() {
    let f = Fixture::new();
    let xlf = export(&f, &[]);
    let id = "report/meta/title";
    let u = &xlf[unit(&xlf, id)];
    let start = u.find("<target").unwrap();
    let open_end = start + u[start..].find('>').unwrap() + 1;
    let content = &u[open_end..u.find("</target>").unwrap()];
    edit_unit(
        &f,
        id,
        "<target",
        &format!(">{content}</target>"),
        "> </target>",
    );
    let at = place(&f, XLF, &format!("id=\"{id}\""), "<target");
    assert_import_error(&f, &format!("empty translation of `{id}`"), &at);
}

#[test]
fn a_file_for_another_document_is_located() {
    let f = Fixture::new();
    let xlf = export(&f, &[]);
    f.write(
        XLF,
        &xlf.replacen("original=\"TDAG-23/XX\"", "original=\"TDAG-24/01\"", 1),
    );
    let at = place(&f, XLF, "<file", "TDAG-24/01");
    assert_import_error(
        &f,
        "this file is for document `TDAG-24/01`, not `TDAG-23/XX`",
        &at,
    );
}

#[test]
fn a_language_pair_not_configured_is_located() {
    let f = Fixture::new();
    let xlf = export(&f, &[]);
    f.write(
        XLF,
        &xlf.replacen("target-language=\"fr\"", "target-language=\"de\"", 1),
    );
    let at = place(&f, XLF, "target-language=", "de\"");
    let stderr = assert_import_error(&f, "`de` is not a configured language", &at);
    assert!(stderr.contains("languages are configured here"), "{stderr}");
}

#[test]
fn malformed_xml_is_located() {
    let f = Fixture::new();
    let xlf = export(&f, &[]);
    f.write(XLF, &xlf.replacen("</body>", "</bdy>", 1));
    let at = place(&f, XLF, "</bdy>", "</bdy>");
    assert_import_error(&f, "malformed XML: ill-formed document", &at);
}

/// A fixture whose first summary paragraph has bold text in English and
/// French, exported.
fn with_markup() -> Fixture {
    let f = Fixture::new();
    f.edit(
        "sources/report.toml",
        "was held in Kigali, Rwanda,",
        "was held in {**Kigali**}, Rwanda,",
    );
    f.edit(
        "sources/report.toml",
        "s’est tenue à Kigali (Rwanda)",
        "s’est tenue à {**Kigali**} (Rwanda)",
    );
    let (code, stderr) = f.check();
    assert_eq!(code, 0, "{stderr}");
    export(&f, &[]);
    f
}

#[test]
fn markup_is_a_pair_of_codes_around_translatable_words() {
    let f = with_markup();
    let bold = "<bpt id=\"1\" ctype=\"bold\">{**</bpt>Kigali<ept id=\"1\">**}</ept>";
    let xlf = f.read(XLF);
    assert_eq!(
        xlf[unit(&xlf, "report/summary/1/text")]
            .matches(bold)
            .count(),
        2
    );
    edit_unit(
        &f,
        "report/summary/1/text",
        "<target",
        "Kigali<ept",
        "Kigali, capitale du Rwanda,<ept",
    );
    let (code, stderr) = import(&f);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        f.read("sources/report.toml")
            .contains("s’est tenue à {**Kigali, capitale du Rwanda,**} (Rwanda)")
    );
}

#[test]
fn codes_out_of_order_are_located() {
    let f = with_markup();
    let id = "report/summary/1/text";
    edit_unit(
        &f,
        id,
        "<target",
        "<bpt id=\"1\" ctype=\"bold\">{**</bpt>Kigali<ept id=\"1\">**}</ept>",
        "<ept id=\"1\">**}</ept>Kigali<bpt id=\"1\" ctype=\"bold\">{**</bpt>",
    );
    let at = place(&f, XLF, &format!("id=\"{id}\""), "<target");
    assert_import_error(
        &f,
        &format!("the inline codes in the translation of `{id}` do not nest"),
        &at,
    );
}

#[test]
fn the_export_is_deterministic_and_valid_xliff() {
    let f = with_markup();
    let first = f.read(XLF);
    let second = export(&f, &["-o", "again.xlf"]);
    assert_eq!(first, second, "two exports differ");
    for code in [
        "<ph id=",
        "<bpt id=",
        "<ept id=",
        "state=\"translated\"",
        "context-type=\"linenumber\"",
    ] {
        assert!(first.contains(code), "no {code}");
    }
    let schema = common::root().join("tests/data/xliff/xliff-core-1.2-strict.xsd");
    match std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(f.path().join(XLF))
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "xmllint: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!(
            "note: xmllint is not installed; the XLIFF schema check is skipped (CI runs it)"
        ),
    }
}

#[test]
fn units_changed_in_the_sources_since_the_export_are_left_out() {
    let f = Fixture::new();
    export(&f, &[]);
    f.edit(
        "sources/initiatives.toml",
        "while accelerating innovation in Africa\"",
        "while accelerating innovation across Africa\"",
    );
    edit_unit(
        &f,
        "initiative/AFR1/title",
        "<target",
        "</target>",
        " (bis)</target>",
    );
    edit_unit(
        &f,
        "report/meta/title",
        "<target",
        "</target>",
        " (bis)</target>",
    );
    edit_unit(
        &f,
        "report/meta/group",
        "<target",
        "state=\"translated\"",
        "state=\"new\"",
    );
    let (code, stderr) = import(&f);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: the `en` text of `initiative/AFR1/title` changed since this file was exported; its translation is not imported"),
        "{stderr}"
    );
    assert!(stderr.contains("1 untranslated"), "{stderr}");
    assert!(!f.read("sources/initiatives.toml").contains("(bis)"));
    assert!(f.read("sources/report.toml").contains(" (bis)\"\n"));
}

/// A project under git, committed, then the English of AFR1's title
/// edited, and its Spanish too.
fn stale() -> Fixture {
    let f = Fixture::new();
    f.commit("baseline");
    f.edit(
        "sources/initiatives.toml",
        "while accelerating innovation in Africa\"",
        "while accelerating innovation across Africa\"",
    );
    let text = f.read("sources/initiatives.toml");
    let start = text.find("id = \"AFR1\"").unwrap();
    let es = start + text[start..].find("\ntitle.es = \"").unwrap() + 13;
    f.write(
        "sources/initiatives.toml",
        &format!("{}Nueva: {}", &text[..es], &text[es..]),
    );
    f
}

#[test]
fn check_warns_of_stale_translations_where_they_are() {
    let f = stale();
    let (code, stderr) = run(&f, &["check", "--baseline", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    let message = "may be out of date: the `en` text of `initiative/AFR1/title` changed since HEAD";
    assert_eq!(stderr.matches("may be out of date").count(), 1, "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains(message))
        .unwrap_or_else(|| panic!("no warning in:\n{stderr}"));
    assert!(line.starts_with("warning: `zh`"), "{line}");
    assert!(line.contains("`fr`") && !line.contains("`es`"), "{line}");
    let at = place(&f, "sources/initiatives.toml", "id = \"AFR1\"", "title.zh");
    let (path, column) = at.rsplit_once(':').unwrap();
    let at = format!("{path}:{}", column.parse::<usize>().unwrap() + 6);
    assert!(
        stderr.contains(&format!("--> {at}\n")),
        "not at {at}:\n{stderr}"
    );
}

#[test]
fn changed_since_exports_only_the_stale_units() {
    let f = stale();
    let xlf = export(&f, &["--changed-since", "HEAD", "-o", "fr.xlf"]);
    assert_eq!(xlf.matches("<trans-unit ").count(), 1, "{xlf}");
    let u = &xlf[unit(&xlf, "initiative/AFR1/title")];
    assert!(u.contains("state=\"needs-review-translation\""), "{u}");
    assert!(
        u.contains("it was: Supporting digital transformation"),
        "{u}"
    );
    let (code, stderr) = run(
        &f,
        &[
            "translate",
            "export",
            "--to",
            "es",
            "--changed-since",
            "HEAD",
            "-o",
            "es.xlf",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(f.read("es.xlf").matches("<trans-unit ").count(), 0);
}
