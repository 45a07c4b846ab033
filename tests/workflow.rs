//! The editing and CI workflow: atomic outputs, machine-readable
//! diagnostics, status lines, watch, and the example GitHub workflow.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Fixture, build, pdf_text, squash};

/// Every output of a directory with its bytes, sorted by name (the
/// manifest of what a build wrote is not an output).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != ".tdag-report-outputs")
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failed_build_leaves_earlier_outputs_untouched() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = snapshot(&f.path().join("out"));
    assert_eq!(
        before.len(),
        4,
        "four files: {:?}",
        before.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    f.edit(
        "templates/figures.typ",
        "#let bar-fills = (",
        "#let bar-fills = + (",
    );
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Africa (edited)\"",
    );
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 1, "the broken template fails the build:\n{stderr}");
    assert!(stderr.contains("--> templates/figures.typ:"), "{stderr}");
    assert_eq!(
        snapshot(&f.path().join("out")),
        before,
        "outputs changed or temporary files left"
    );
}

#[test]
fn status_lines_name_path_pages_size_and_time() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &["--format", "pdf", "--lang", "en"]);
    assert_eq!(code, 0, "{stderr}");
    let line = stderr.lines().find(|l| l.contains("Wrote")).unwrap();
    let re_like = line.contains("out/TDAG-23-XX-E.pdf (")
        && line.contains(" pages, ")
        && line.contains(" KiB, ")
        && line.ends_with(" ms)");
    assert!(re_like, "{line}");
    assert!(
        stderr.contains("Finished 1 files in") || stderr.contains("Finished 1 file"),
        "{stderr}"
    );
    let (code, stderr) = build(&f, "out", &["--format", "pdf", "--quiet"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn diagnostics_as_json_lines() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    f.edit("sources/initiatives.toml", "id = \"AFR2\"", "id = \"AFR1\"");
    let out = f
        .cmd()
        .args(["check", "--message-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let values: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(values.len(), 2, "{stderr}");
    let blank = values
        .iter()
        .find(|v| v["message"] == "blank `en` text")
        .unwrap();
    assert_eq!(blank["severity"], "error");
    assert_eq!(blank["file"], "sources/regions.toml");
    assert_eq!(blank["line"], 7);
    assert_eq!(blank["column"], 11);
    let dup = values
        .iter()
        .find(|v| v["message"] == "duplicate initiative id `AFR1`")
        .unwrap();
    assert_eq!(dup["file"], "sources/initiatives.toml");
}

#[test]
fn diagnostics_as_github_annotations() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let out = f
        .cmd()
        .args(["build", "--message-format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "::error file=sources/regions.toml,line=7,col=11,endLine=7,endColumn=13::blank `en` text: nothing but white space\n"
    );
}

#[test]
fn colours_only_when_asked_and_never_with_no_color() {
    let f = Fixture::new();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let run = |force: bool, no_color: bool| {
        let mut cmd = f.cmd();
        cmd.arg("check").env_remove("NO_COLOR");
        if force {
            cmd.env("CLICOLOR_FORCE", "1");
        }
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8(cmd.output().unwrap().stderr).unwrap()
    };
    assert!(
        !run(false, false).contains('\u{1b}'),
        "no colours when stderr is not a terminal"
    );
    assert!(run(true, false).contains('\u{1b}'), "colours when forced");
    assert!(!run(true, true).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn two_builds_at_once_never_leave_a_corrupt_file() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "reference", &["--format", "pdf"]);
    assert_eq!(code, 0, "{stderr}");
    let reference = snapshot(&f.path().join("reference"));
    for _ in 0..3 {
        let mut children: Vec<_> = (0..2)
            .map(|_| {
                f.cmd()
                    .args(["build", "--format", "pdf", "--out", "out", "--quiet"])
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in &mut children {
            assert!(child.wait().unwrap().success());
        }
        assert_eq!(snapshot(&f.path().join("out")), reference);
    }
}

#[test]
fn watch_rebuilds_on_edit_and_keeps_the_last_good_output() {
    let f = Fixture::new();
    let pdf = f.path().join("out/TDAG-23-XX-E.pdf");
    let mut child = f
        .cmd()
        .args(["watch", "--format", "pdf", "--lang", "en", "--out", "out"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Its status lines, read as they come.
    let stderr = child.stderr.take().unwrap();
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let collected = lines.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            collected.lock().unwrap().push(line);
        }
    });
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let has = |needle: &'static str| {
        let pdf = pdf.clone();
        move || pdf.exists() && squash(&pdf_text(&pdf)).contains(needle)
    };
    wait_for("the first build", &has("Africa"));
    // Give the watcher time to start watching after the first build.
    std::thread::sleep(Duration::from_millis(500));
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Watched Africa\"",
    );
    wait_for("the rebuild after an edit", &has("WatchedAfrica"));
    let good = std::fs::read(&pdf).unwrap();
    f.edit(
        "sources/regions.toml",
        "name.en = \"Watched Africa\"",
        "name.en = \"\"",
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        good,
        "a broken edit must leave the last good output"
    );
    f.edit(
        "sources/regions.toml",
        "name.en = \"\"",
        "name.en = \"Africa again\"",
    );
    wait_for("the rebuild after the fix", &has("Africaagain"));
    child.kill().unwrap();
    child.wait().unwrap();
    // Each rebuild says which file changed, and when.
    let lines = lines.lock().unwrap().clone();
    let changed: Vec<&String> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("Changed"))
        .collect();
    assert!(changed.len() >= 3, "{lines:?}");
    for line in changed {
        let rest = line
            .trim_start()
            .strip_prefix("Changed sources/regions.toml at ")
            .unwrap_or_else(|| panic!("{line}"));
        let time = rest.trim_end_matches(" UTC");
        assert!(
            time.len() == 8 && time.chars().filter(|c| *c == ':').count() == 2,
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Watching sources and templates for changes")),
        "{lines:?}"
    );
}

/// Every `cargo run … -- <command> <args>` of the example workflow runs
/// here with the same arguments.
#[test]
fn the_example_workflow_commands_work() {
    let workflow =
        std::fs::read_to_string(common::root().join(".github/workflows/report.yml")).unwrap();
    let commands: Vec<Vec<String>> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: "))
        .filter_map(|run| {
            run.split_once(" -- ")
                .map(|(_, args)| args.split_whitespace().map(String::from).collect())
        })
        .collect();
    assert!(
        commands.len() >= 2,
        "the workflow runs check and build: {commands:?}"
    );
    assert!(commands.iter().any(|c| c[0] == "check") && commands.iter().any(|c| c[0] == "build"));
    let f = Fixture::new();
    for args in commands {
        let out = f.cmd().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "`{}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let uploaded = snapshot(&f.path().join("output"));
    assert_eq!(
        uploaded.len(),
        4,
        "the workflow uploads output/*.pdf and output/*.docx"
    );
}

#[test]
fn fonts_lists_the_pinned_fonts_and_their_scripts() {
    let f = Fixture::new();
    let out = f.cmd().arg("fonts").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let entries: Vec<&str> = stdout
        .split("\n")
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(entries.len(), 6, "{stdout}");
    // The fixture has no templates/fonts/: the embedded copies stand in.
    assert!(stdout.contains("Noto Serif CJK SC (normal, weight 700)\n    from embedded copy of templates/fonts/NotoSerifCJKsc-Bold.otf\n    covers Han "), "{stdout}");
    assert!(stdout.contains("Liberation Serif (italic, weight 400)\n    from embedded copy of templates/fonts/LiberationSerif-Italic.ttf\n    covers Latin "), "{stdout}");
    // A project's templates/fonts/ is read at run time instead.
    for name in ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"] {
        let to = f.path().join("templates/fonts").join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(common::root().join("templates/fonts").join(name), to).unwrap();
    }
    let out = f.cmd().arg("fonts").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("from pinned: templates/fonts/LiberationSerif-Bold.ttf"),
        "{stdout}"
    );
    assert!(!stdout.contains("Noto Serif CJK SC"), "{stdout}");
    // …so that the glyph check follows what is there, and says what to do.
    let (code, stderr) = f.check();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: no font has a glyph for '电'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("put a font that has it in templates/fonts/"),
        "{stderr}"
    );
    std::fs::remove_dir_all(f.path().join("templates/fonts")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("Copy.ttf");
    std::fs::copy(
        common::root().join("templates/fonts/LiberationSerif-Regular.ttf"),
        &extra,
    )
    .unwrap();
    let out = f
        .cmd()
        .args(["fonts", "--font-path"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("from --font-path: {}", extra.display())),
        "{stdout}"
    );
}
