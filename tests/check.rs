//! `tdag-report check` on the shipped sources and on broken copies: one
//! test per rule, asserting the message and the file:line:column.

mod common;

use common::{Fixture, assert_error};

#[test]
fn shipped_sources_pass_with_a_summary() {
    let fixture = Fixture::new();
    let out = fixture.cmd().arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for part in [
        "6 regions",
        "28 initiatives",
        "2 study groups",
        "14 Questions",
        "4 new resolutions",
        "5 priorities",
        "7 enablers",
        "languages: zh, en",
    ] {
        assert!(stdout.contains(part), "summary lacks `{part}`: {stdout}");
    }
    insta::assert_snapshot!(stdout);
}

#[test]
fn unknown_key() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "id = \"AFR1\"\nregion",
        "id = \"AFR1\"\nregoin",
    );
    let at = f.locate("sources/initiatives.toml", "regoin", 0, 0);
    let stderr = assert_error(&f, "unknown key `regoin` in an initiative", &at);
    assert!(
        stderr.contains(
            "help: did you mean `region`? the keys of an initiative are `id`, `region` and `title`"
        ),
        "the hint names the closest key and lists the valid ones: {stderr}"
    );
}

#[test]
fn wrong_type() {
    let f = Fixture::new();
    f.edit("sources/outputs.toml", "end = 2027", "end = \"2027\"");
    let at = f.locate("sources/outputs.toml", "\"2027\"", 0, 0);
    let stderr = assert_error(&f, "`end` is a year: write 2027 without quotes", &at);
    assert!(stderr.contains("help: write end = 2027"), "{stderr}");
}

#[test]
fn duplicate_id() {
    let f = Fixture::new();
    f.edit("sources/initiatives.toml", "id = \"AFR2\"", "id = \"AFR1\"");
    let at = f.locate("sources/initiatives.toml", "\"AFR1\"", 1, 0);
    let stderr = assert_error(&f, "duplicate initiative id `AFR1`", &at);
    assert!(stderr.contains("first defined here"), "{stderr}");
}

#[test]
fn dangling_region() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "id = \"AFR4\"\nregion = \"AFR\"",
        "id = \"AFR4\"\nregion = \"AFX\"",
    );
    let at = f.locate("sources/initiatives.toml", "\"AFX\"", 0, 0);
    assert_error(&f, "unknown region `AFX`", &at);
}

#[test]
fn initiative_in_another_region() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "id = \"AFR4\"\nregion = \"AFR\"",
        "id = \"AFR4\"\nregion = \"AMS\"",
    );
    let at = f.locate("sources/initiatives.toml", "\"AFR4\"", 0, 0);
    assert_error(&f, "initiative `AFR4` is filed under region `AMS`", &at);
}

#[test]
fn dangling_study_group() {
    let f = Fixture::new();
    f.edit(
        "sources/questions.toml",
        "id = \"Q1/1\"\nstudy_group = \"SG1\"",
        "id = \"Q1/1\"\nstudy_group = \"SG3\"",
    );
    let at = f.locate("sources/questions.toml", "\"SG3\"", 0, 0);
    assert_error(&f, "unknown study group `SG3`", &at);
}

#[test]
fn question_in_another_study_group() {
    let f = Fixture::new();
    f.edit(
        "sources/questions.toml",
        "id = \"Q2/1\"\nstudy_group = \"SG1\"",
        "id = \"Q2/1\"\nstudy_group = \"SG2\"",
    );
    let at = f.locate("sources/questions.toml", "\"Q2/1\"", 0, 0);
    assert_error(&f, "Question `Q2/1` is filed under study group `SG2`", &at);
}

#[test]
fn dangling_figure_data() {
    let f = Fixture::new();
    f.edit(
        "sources/figures.toml",
        "outputs = [\"kap\", \"questions\"",
        "outputs = [\"kap\", \"questoins\"",
    );
    let at = f.locate("sources/figures.toml", "\"questoins\"", 0, 0);
    assert_error(&f, "unknown output `questoins`", &at);
}

#[test]
fn dangling_figure_placement() {
    let f = Fixture::new();
    let file = "sources/sections/2-analysis-of-outcomes.toml";
    f.edit(file, "figure = \"work-cycles\"", "figure = \"work-cycle\"");
    let at = f.locate(file, "\"work-cycle\"", 0, 0);
    assert_error(&f, "unknown figure `work-cycle`", &at);
    let at = f.locate("sources/figures.toml", "\"work-cycles\"", 0, 0);
    assert_error(&f, "figure `work-cycles` is never placed", &at);
}

#[test]
fn missing_translation() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.zh = \"非洲\"\nname.en = \"Africa\"\n",
        "name.zh = \"非洲\"\n",
    );
    let at = f.locate("sources/regions.toml", "name.zh = \"非洲\"", 0, 0);
    assert_error(&f, "missing `en` text", &at);
}

#[test]
fn blank_translation() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"  \u{3000} \"",
    );
    let at = f.locate("sources/regions.toml", "\"  \u{3000} \"", 0, 0);
    assert_error(&f, "blank `en` text", &at);
}

#[test]
fn unconfigured_language() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Africa\"\nname.de = \"Afrika\"",
    );
    let at = f.locate("sources/regions.toml", "name.de", 0, 5);
    assert_error(&f, "`de` is not a configured language", &at);
}

#[test]
fn period_ends_before_it_starts() {
    let f = Fixture::new();
    f.edit("sources/outputs.toml", "end = 2027", "end = 2021");
    let at = f.locate("sources/outputs.toml", "2021", 0, 0);
    assert_error(
        &f,
        "work cycle of `kap` ends in 2021 before it starts in 2023",
        &at,
    );
}

#[test]
fn implausible_year() {
    let f = Fixture::new();
    f.edit("sources/outputs.toml", "end = 2027", "end = 20270");
    let at = f.locate("sources/outputs.toml", "20270", 0, 0);
    assert_error(&f, "implausible year 20270", &at);
}

#[test]
fn id_pattern() {
    let f = Fixture::new();
    f.edit("sources/study-groups.toml", "id = \"SG2\"", "id = \"SG-2\"");
    let at = f.locate("sources/study-groups.toml", "\"SG-2\"", 0, 0);
    assert_error(&f, "study group id `SG-2` does not follow the pattern", &at);
}

#[test]
fn look_alike_letter_in_an_id() {
    let f = Fixture::new();
    f.edit(
        "sources/initiatives.toml",
        "id = \"CIS4\"",
        "id = \"\u{0421}IS4\"",
    );
    let at = f.locate("sources/initiatives.toml", "\"\u{0421}IS4\"", 0, 0);
    let stderr = assert_error(
        &f,
        "initiative id `\u{0421}IS4` contains '\u{0421}' (U+0421 CYRILLIC CAPITAL LETTER ES)",
        &at,
    );
    assert!(stderr.contains("it looks like the ASCII `C`"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_placeholder() {
    let f = Fixture::new();
    let file = "sources/sections/4-regional-initiatives.toml";
    let text = f.read(file);
    let needle = "{initiatives.count}项区域性举措";
    assert!(text.contains(needle), "the section uses the count");
    f.edit(file, needle, "{initiative.count}项区域性举措");
    let at = f.locate(file, "{initiative.count}", 0, 0);
    assert_error(&f, "unknown placeholder `{initiative.count}`", &at);
}

#[test]
fn malformed_placeholder() {
    let f = Fixture::new();
    let file = "sources/sections/4-regional-initiatives.toml";
    f.edit(
        file,
        "{initiatives.count}项区域性举措",
        "{initiatives.count项区域性举措",
    );
    let at = f.locate(file, "{initiatives.count项", 0, 0);
    assert_error(
        &f,
        "`{` is never closed; write `{{` for a literal brace",
        &at,
    );
}

/// Replaces the English title `from` of a priority in `sources/kap.toml`.
fn retitle(f: &Fixture, from: &str, to: &str) {
    f.edit(
        "sources/kap.toml",
        &format!("title.en = \"{from}\""),
        &format!("title.en = \"{to}\""),
    );
}

#[test]
fn cycle_of_placeholders() {
    let f = Fixture::new();
    let file = "sources/kap.toml";
    retitle(
        &f,
        "Affordable connectivity",
        "{priority.digital-transformation.title}",
    );
    retitle(
        &f,
        "Digital transformation",
        "Digital {priority.affordable-connectivity.title}",
    );
    let at = f.locate(file, "{priority.digital-transformation.title}", 0, 0);
    let stderr = assert_error(
        &f,
        "`{priority.digital-transformation.title}` leads to a cycle of placeholders",
        &at,
    );
    assert!(
        stderr.contains(
            "help: `{priority.digital-transformation.title}` → `{priority.affordable-connectivity.title}` leads back to where it started"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains(
            "`{priority.digital-transformation.title}` names a text that cannot be resolved"
        ),
        "the cycle is one error, not one per step: {stderr}"
    );
}

#[test]
fn placeholders_that_multiply() {
    // Each of three priorities names the next one's title 25 times: the
    // first leads to 25 + 25² + 25³ placeholders, while the text it would
    // expand to stays short (the last title is one letter).
    let f = Fixture::new();
    let file = "sources/kap.toml";
    let chain = [
        ("Affordable connectivity", "digital-transformation"),
        ("Digital transformation", "enabling-environment"),
        (
            "Enabling policy and regulatory environment",
            "resource-mobilization-cooperation",
        ),
    ];
    for (title, next) in chain {
        let holes = format!("{{priority.{next}.title}} ").repeat(25);
        retitle(&f, title, holes.trim_end());
    }
    retitle(
        &f,
        "Resource mobilization and international cooperation",
        "R",
    );
    // Each of its placeholders counts 1 + 25 + 625 = 651: the 16th passes
    // the limit (16 × 651 = 10 416), and the error points at it.
    let at = f.locate(file, "{priority.digital-transformation.title}", 15, 0);
    let stderr = assert_error(
        &f,
        "`{priority.digital-transformation.title}` leads to more than 10000 placeholders",
        &at,
    );
    assert!(
        stderr.contains("help: each placeholder that names a text repeats"),
        "{stderr}"
    );
}

#[test]
fn placeholders_that_expand_too_far() {
    // A title of 20 000 characters (the limit for one text) named 60 times.
    let f = Fixture::new();
    let file = "sources/kap.toml";
    retitle(&f, "Digital transformation", &"x".repeat(20_000));
    let holes = "{priority.digital-transformation.title}".repeat(60);
    retitle(&f, "Affordable connectivity", &holes);
    let at = f.locate(file, "{priority.digital-transformation.title}", 52, 0);
    assert_error(
        &f,
        "`{priority.digital-transformation.title}` expands to more than 1048576 bytes of nested text",
        &at,
    );
}

#[test]
fn placeholder_naming_a_broken_text() {
    let f = Fixture::new();
    let file = "sources/kap.toml";
    retitle(
        &f,
        "Affordable connectivity",
        "{priority.digital-transformation.title}",
    );
    retitle(&f, "Digital transformation", "Digital {initiative.count}");
    let inner = f.locate(file, "{initiative.count}", 0, 0);
    let outer = f.locate(file, "{priority.digital-transformation.title}", 0, 0);
    assert_error(&f, "unknown placeholder `{initiative.count}`", &inner);
    assert_error(
        &f,
        &format!(
            "`{{priority.digital-transformation.title}}` names a text that cannot be resolved: unknown placeholder `{{initiative.count}}` at {inner}"
        ),
        &outer,
    );
}

#[test]
fn number_without_a_word() {
    let f = Fixture::new();
    let file = "sources/report.toml";
    f.edit(
        file,
        "{initiatives.count} regional initiatives",
        "{initiatives.count:words} regional initiatives",
    );
    let at = f.locate(file, "{initiatives.count:words}", 0, 0);
    assert_error(&f, "no number word for 28 in the `en` locale", &at);
}

#[test]
fn two_section_files_with_one_number() {
    let f = Fixture::new();
    let text = f.read("sources/sections/1-introduction.toml");
    f.write("sources/sections/1-introduction copy.toml", &text);
    let (code, stderr) = f.check();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error: two section files start with the number 1: `1-introduction copy.toml` and `1-introduction.toml`"
        ),
        "both files are named: {stderr}"
    );
    assert!(
        stderr.contains("--> sources/sections/1-introduction.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("a copy left behind?"), "{stderr}");
}

#[test]
fn field_of_another_kind_of_block() {
    let f = Fixture::new();
    let file = "sources/sections/1-introduction.toml";
    f.edit(
        file,
        "kind = \"para\"\nnumbered = true\ntext.zh = \"WTDC-22的主题",
        "kind = \"para\"\nnumbered = true\nstyle = \"dash\"\ntext.zh = \"WTDC-22的主题",
    );
    let at = f.locate(file, "style", 0, 0);
    let stderr = assert_error(&f, "unknown key `style` in a para block", &at);
    assert!(stderr.contains("the keys of a para block are"), "{stderr}");
}

#[test]
fn figure_never_placed() {
    let f = Fixture::new();
    let file = "sources/sections/2-analysis-of-outcomes.toml";
    f.edit(
        file,
        "kind = \"figure\"\nfigure = \"work-cycles\"",
        "kind = \"para\"\ntext.zh = \"图\"\ntext.en = \"Figure\"",
    );
    let at = f.locate("sources/figures.toml", "\"work-cycles\"", 0, 0);
    assert_error(&f, "figure `work-cycles` is never placed", &at);
}

#[test]
fn timeline_row_outside_the_axis() {
    let f = Fixture::new();
    f.edit("sources/figures.toml", "from = 2022", "from = 2023");
    let at = f.locate("sources/figures.toml", "\"questions\"", 0, 0);
    assert_error(
        &f,
        "the work cycle of `questions` (2022-2025) lies outside the timeline (2023-2027)",
        &at,
    );
}

#[test]
fn open_ended_cycle_without_until() {
    let f = Fixture::new();
    let text = f.read("sources/outputs.toml");
    let start = text.find("until.zh").unwrap();
    let lines = text[start..]
        .split_inclusive('\n')
        .take_while(|l| l.starts_with("until."));
    let end = start + lines.map(str::len).sum::<usize>();
    f.write(
        "sources/outputs.toml",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let at = f.locate("sources/outputs.toml", "\"resolutions\"", 0, 0);
    assert_error(
        &f,
        "open-ended work cycle of `resolutions` says nothing of its end",
        &at,
    );
}

#[test]
fn control_character() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Afr\\u0007ica\"",
    );
    let at = f.locate("sources/regions.toml", "\\u0007", 0, 0);
    assert_error(&f, "control character (U+0007) in text", &at);
}

#[test]
fn bidirectional_override() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Af\u{202E}rica\"",
    );
    let at = f.locate("sources/regions.toml", "\u{202E}", 0, 0);
    assert_error(
        &f,
        "bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE) in text",
        &at,
    );
}

#[test]
fn lone_combining_mark() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\u{0301}Africa\"",
    );
    let at = f.locate("sources/regions.toml", "\u{0301}", 0, 0);
    assert_error(
        &f,
        "combining mark without a base character '\\u{301}' (U+0301 COMBINING ACUTE ACCENT) in text",
        &at,
    );
}

#[test]
fn language_without_a_locale() {
    let f = Fixture::new();
    f.edit(
        "sources/report.toml",
        "\"ru\", \"es\"]",
        "\"ru\", \"es\", \"de\"]",
    );
    let at = f.locate("sources/report.toml", "\"de\"", 0, 0);
    assert_error(&f, "no locale for language `de`", &at);
}

#[test]
fn every_error_of_a_run_is_reported() {
    let f = Fixture::new();
    f.edit("sources/initiatives.toml", "id = \"AFR2\"", "id = \"AFR1\"");
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \" \"",
    );
    f.edit("sources/outputs.toml", "end = 2027", "end = 2021");
    let (code, stderr) = f.check();
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: duplicate initiative id `AFR1`"),
        "{stderr}"
    );
    assert!(stderr.contains("error: blank `en` text"), "{stderr}");
    assert!(
        stderr.contains("error: work cycle of `kap` ends in 2021"),
        "{stderr}"
    );
    assert!(stderr.contains("could not continue: 3 errors"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new();
    let out = f.cmd().args(["check", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// The editor's everyday slips: each is named, located and comes with its
// fix.

#[test]
fn full_width_braces() {
    let f = Fixture::new();
    let file = "sources/sections/4-regional-initiatives.toml";
    f.edit(
        file,
        "{initiatives.count}项区域性举措",
        "｛initiatives.count｝项区域性举措",
    );
    let at = f.locate(file, "｛initiatives", 0, 0);
    let stderr = assert_error(
        &f,
        "full-width braces around `initiatives.count`: a placeholder needs ASCII braces",
        &at,
    );
    assert!(
        stderr.contains("help: write {initiatives.count}"),
        "{stderr}"
    );
}

#[test]
fn curly_quotes_from_a_word_processor() {
    let f = Fixture::new();
    let file = "sources/regions.toml";
    f.edit(file, "name.en = \"Africa\"", "name.en = “Africa”");
    let at = f.locate(file, "“", 0, 0);
    let stderr = assert_error(
        &f,
        "a string is enclosed in curly quotes `“`, which TOML does not read as quotes",
        &at,
    );
    assert!(stderr.contains("help: type straight quotes"), "{stderr}");
}

#[test]
fn single_brackets_around_a_record() {
    let f = Fixture::new();
    let file = "sources/regions.toml";
    let text = f.read(file).replace("[[region]]", "[region]");
    f.write(file, &text);
    let at = f.locate(file, "[region]", 1, 0);
    let stderr = assert_error(
        &f,
        "`[region]` with single brackets opens one table; each record or block is a `[[region]]`",
        &at,
    );
    assert!(
        stderr.contains("help: write [[region]] (double brackets) before each one"),
        "{stderr}"
    );
    // The last record in single brackets, after the others…
    let f = Fixture::new();
    let text = f.read(file);
    let last = text.rfind("[[region]]").unwrap();
    f.write(
        file,
        &format!(
            "{}[region]{}",
            &text[..last],
            &text[last + "[[region]]".len()..]
        ),
    );
    let at = f.locate(file, "[region]\nid = \"EUR\"", 0, 0);
    assert_error(
        &f,
        "`[region]` with single brackets opens one table; each record or block is a `[[region]]`",
        &at,
    );
    // …and a file with one record in single brackets, which TOML reads.
    let f = Fixture::new();
    f.write(
        file,
        "[region]\nid = \"AFR\"\nname.zh = \"非洲\"\nname.en = \"Africa\"\n",
    );
    let (code, stderr) = f.check();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`[region]` with single brackets"),
        "{stderr}"
    );
}

#[test]
fn look_alike_letter_in_a_key() {
    let f = Fixture::new();
    let file = "sources/initiatives.toml";
    f.edit(
        file,
        "id = \"AFR1\"\nregion = \"AFR\"\ntitle.zh",
        "id = \"AFR1\"\nregion = \"AFR\"\ntіtle.zh",
    );
    let at = f.locate(file, "tіtle", 0, 1);
    let stderr = assert_error(
        &f,
        "key `tіtle` contains 'і' (U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I)",
        &at,
    );
    assert!(
        stderr.contains("help: it looks like `title`: type that in plain ASCII"),
        "{stderr}"
    );
}

#[test]
fn misspelt_ids_get_a_suggestion() {
    let f = Fixture::new();
    let file = "sources/sections/3-kigali-action-plan.toml";
    f.edit(
        file,
        "figure = \"kap-structure\"",
        "figure = \"kap-strucutre\"",
    );
    let at = f.locate(file, "\"kap-strucutre\"", 0, 0);
    let stderr = assert_error(&f, "unknown figure `kap-strucutre`", &at);
    assert!(
        stderr.contains("help: did you mean `kap-structure`?"),
        "{stderr}"
    );

    let f = Fixture::new();
    let file = "sources/initiatives.toml";
    f.edit(
        file,
        "id = \"AFR4\"\nregion = \"AFR\"",
        "id = \"AFR4\"\nregion = \"AFRICA\"",
    );
    let at = f.locate(file, "\"AFRICA\"", 0, 0);
    let stderr = assert_error(&f, "unknown region `AFRICA`", &at);
    assert!(stderr.contains("help: did you mean `AFR`?"), "{stderr}");
}

#[test]
fn misspelt_placeholders_get_a_suggestion() {
    let f = Fixture::new();
    let file = "sources/outputs.toml";
    f.edit(file, "end = 2027\n", "end = 2027\n# {output.kapp.start}\n");
    let file = "sources/report.toml";
    f.edit(
        file,
        "including the Kigali Action Plan (KAP) for {output.kap.start}",
        "including the Kigali Action Plan (KAP) for {output.kapp.start}",
    );
    let at = f.locate(file, "{output.kapp.start}", 0, 0);
    let stderr = assert_error(&f, "no output has the id `kapp`", &at);
    assert!(stderr.contains("help: did you mean `kap`?"), "{stderr}");

    let f = Fixture::new();
    let file = "sources/sections/4-regional-initiatives.toml";
    f.edit(
        file,
        "{initiatives.count}项区域性举措",
        "{initiative.count}项区域性举措",
    );
    let at = f.locate(file, "{initiative.count}", 0, 0);
    let stderr = assert_error(&f, "unknown placeholder `{initiative.count}`", &at);
    assert!(
        stderr.contains("did you mean `{initiatives.count}`?"),
        "{stderr}"
    );
}

#[test]
fn every_bad_placeholder_of_a_text_is_reported() {
    let f = Fixture::new();
    let file = "sources/sections/6-resolutions.toml";
    f.edit(
        file,
        "text.en = \"WTDC-22 revised",
        "text.en = \"{a.b} {c.d} {e.f} {g.h} {i.j} {k.l} WTDC-22 revised",
    );
    let (code, stderr) = f.check();
    assert_eq!(code, 1);
    assert_eq!(
        stderr.matches("error: unknown placeholder").count(),
        6,
        "{stderr}"
    );
}

#[test]
fn serde_words_do_not_reach_the_user() {
    let f = Fixture::new();
    let file = "sources/sections/6-resolutions.toml";
    f.edit(file, "kind = \"para\"", "kind = \"paragraph\"");
    let at = f.locate(file, "\"paragraph\"", 0, 0);
    let stderr = assert_error(
        &f,
        "`kind` must be one of `para`, `heading`, `list`, `entries`, `table` and `figure`, not `paragraph`",
        &at,
    );
    assert!(stderr.contains("help: did you mean `para`?"), "{stderr}");
    assert!(!stderr.contains("variant"), "{stderr}");
}

#[test]
fn a_language_name_for_a_code() {
    let f = Fixture::new();
    let file = "sources/report.toml";
    f.edit(file, "original = \"en\"", "original = \"English\"");
    let at = f.locate(file, "\"English\"", 0, 0);
    let stderr = assert_error(&f, "`original` is a language code, not `English`", &at);
    assert!(
        stderr.contains("help: write `en`, the code of English"),
        "{stderr}"
    );
}

#[test]
fn a_date_typed_day_first() {
    let f = Fixture::new();
    let file = "sources/report.toml";
    f.edit(file, "date = 2023-04-28", "date = 28/04/2023");
    let at = f.locate(file, "28/04/2023", 0, 0);
    let stderr = assert_error(&f, "`28/04/2023` is not a date TOML can read", &at);
    assert!(stderr.contains("help: write 2023-04-28"), "{stderr}");
}

#[test]
fn lang_option_gets_a_suggestion() {
    let f = Fixture::new();
    let out = f
        .cmd()
        .args(["build", "--lang", "EN", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--lang EN: not a configured language; did you mean `en`?"),
        "{stderr}"
    );
}

#[test]
fn typed_facts_are_warned_with_their_placeholder() {
    let f = Fixture::new();
    let file = "sources/report.toml";
    f.edit(
        file,
        "{initiatives.count} regional initiatives for {output.initiatives.start}-{output.initiatives.end}",
        "{initiatives.count} regional initiatives for 2023-2025",
    );
    let (code, stderr) = f.check();
    assert_eq!(code, 0, "a warning does not fail the check: {stderr}");
    let at = f.locate(file, "2023-2025", 0, 0);
    assert!(
        stderr.contains("warning: `2023-2025` is typed by hand, and a record holds it"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {at}")), "{stderr}");
    assert!(
        stderr.contains("help: write {output.initiatives.start}-{output.initiatives.end} so that the text follows the record"),
        "{stderr}"
    );
    let f = Fixture::new();
    let file = "sources/sections/4-regional-initiatives.toml";
    f.edit(
        file,
        "the {region.ARB.name}, Asia and the Pacific",
        "the Arab States, Asia and the Pacific",
    );
    let (_, stderr) = f.check();
    assert!(
        stderr.contains("warning: `Arab States` is typed by hand")
            && stderr.contains("write {region.ARB.name}"),
        "{stderr}"
    );
    // The shipped prose types none.
    let (code, stderr) = Fixture::new().check();
    assert!(code == 0 && !stderr.contains("warning"), "{stderr}");
}
