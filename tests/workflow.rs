//! The editing and CI workflow: atomic outputs, machine-readable
//! diagnostics, status lines, watch, the example GitHub workflow (its
//! jobs run as written, with their job summaries) and the pre-commit hook.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_yaml::Value;

use common::{Fixture, build, git, pdf_text, squash};

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
        languages(&f).0.len() * 2,
        "each language as PDF and DOCX: {:?}",
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

// The example GitHub workflow and the pre-commit hook, run as written.

/// The example workflow: its text (for the comments YAML drops) and its
/// YAML.
fn workflow() -> (String, Value) {
    let path = common::root().join(".github/workflows/report.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let yaml = serde_yaml::from_str(&text).unwrap();
    (text, yaml)
}

/// What one step of a job did.
struct StepRun {
    name: String,
    script: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// What running a job of the workflow left.
struct JobRun {
    steps: Vec<StepRun>,
    /// The job summary as GitHub shows it: every step's
    /// `$GITHUB_STEP_SUMMARY`, in order.
    summary: String,
    /// The files each upload step uploads, by artifact name.
    uploads: Vec<(String, Vec<PathBuf>)>,
}

impl JobRun {
    /// Asserts that every `run:` step succeeded.
    fn assert_success(&self) {
        for s in &self.steps {
            assert_eq!(
                s.code,
                Some(0),
                "step `{}` failed:\n{}\n--- stdout\n{}--- stderr\n{}",
                s.name,
                s.script,
                s.stdout,
                s.stderr
            );
        }
    }

    /// The step whose script runs `tdag-report <command>`.
    fn step(&self, command: &str) -> &StepRun {
        let needle = format!(" -- {command} ");
        self.steps
            .iter()
            .find(|s| s.script.contains(&needle))
            .unwrap_or_else(|| panic!("no step runs `{command}`"))
    }
}

/// Stand-ins for the tools the job sets up: `cargo run --locked --release
/// -- ARGS` runs the binary under test with ARGS (and refuses anything
/// else: the workflow must build locked, in release); `rustup` has nothing
/// to install, the toolchain being the one running the tests.
fn stand_ins() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let cargo = r#"#!/usr/bin/env bash
set -euo pipefail
[ "${1-}" = run ] || { echo "cargo stand-in: only cargo run, not: cargo $*" >&2; exit 97; }
shift
locked=no release=no
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case "$1" in --locked) locked=yes ;; --release) release=yes ;; esac
  shift
done
[ $# -gt 0 ] || { echo "cargo stand-in: no -- before the arguments" >&2; exit 97; }
[ "$locked$release" = yesyes ] || { echo "cargo stand-in: the workflow must run --locked --release" >&2; exit 97; }
shift
exec "$TDAG_REPORT_BIN" "$@"
"#;
    let rustup = "#!/usr/bin/env bash\necho \"rustup stand-in: $*\"\n";
    for (name, script) in [("cargo", cargo), ("rustup", rustup)] {
        let path = dir.path().join(name);
        std::fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    dir
}

/// An `env:` value: plain, or one `${{ github.<key> }}` taken from
/// `github`. Anything else is an expression this runner does not know.
fn evaluate(value: &Value, github: &[(&str, &str)]) -> String {
    let value = match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => panic!("unexpected env value {other:?}"),
    };
    let Some(inner) = value.strip_prefix("${{").and_then(|v| v.strip_suffix("}}")) else {
        assert!(!value.contains("${{"), "not understood: {value}");
        return value;
    };
    let key = inner.trim();
    let key = key
        .strip_prefix("github.")
        .unwrap_or_else(|| panic!("not understood: {value}"));
    github
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| panic!("the test gives no github.{key}"))
}

/// The files an upload-artifact `path:` pattern matches: `dir/*.ext`, as
/// the action does it (hidden files left out).
fn glob(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let (dir, name) = pattern.rsplit_once('/').unwrap_or((".", pattern));
    assert!(
        !dir.contains(['*', '?', '['])
            && name.matches('*').count() == 1
            && !name.contains(['?', '[']),
        "pattern not understood by this test: {pattern}"
    );
    let (prefix, suffix) = name.split_once('*').unwrap();
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.') && n.starts_with(prefix) && n.ends_with(suffix))
                .map(|n| Path::new(dir).join(n))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Runs a job of the workflow in the fixture as GitHub would: each `run:`
/// script with `bash -e`, with the job's and the step's `env:` (their
/// `${{ github.* }}` from `github`) and a `$GITHUB_STEP_SUMMARY` file of
/// its own. Of the actions, checkout (the fixture is the checkout) and
/// the cache have nothing to do here; an upload's patterns are matched,
/// and `if-no-files-found: error` holds.
fn run_job(f: &Fixture, job: &Value, github: &[(&str, &str)]) -> JobRun {
    let tools = stand_ins();
    let path = format!(
        "{}:{}",
        tools.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summaries = tempfile::tempdir().unwrap();
    let mut env: Vec<(String, String)> = Vec::new();
    if let Some(vars) = job.get("env").and_then(Value::as_mapping) {
        for (k, v) in vars {
            env.push((k.as_str().unwrap().to_string(), evaluate(v, github)));
        }
    }
    let mut run = JobRun {
        steps: Vec::new(),
        summary: String::new(),
        uploads: Vec::new(),
    };
    let steps = job["steps"].as_sequence().expect("the job has steps");
    for (i, step) in steps.iter().enumerate() {
        let name = step["name"].as_str().unwrap_or("(unnamed)").to_string();
        for key in ["if", "shell", "working-directory", "continue-on-error"] {
            assert!(
                step.get(key).is_none(),
                "step `{name}`: `{key}` is not run by this test"
            );
        }
        if let Some(uses) = step["uses"].as_str() {
            let action = uses.split('@').next().unwrap();
            match action {
                "actions/checkout" | "Swatinem/rust-cache" => {}
                "actions/upload-artifact" => {
                    let with = &step["with"];
                    let artifact = with["name"].as_str().unwrap().to_string();
                    assert_eq!(with["if-no-files-found"].as_str(), Some("error"));
                    let mut files = Vec::new();
                    for pattern in with["path"].as_str().unwrap().lines() {
                        let pattern = pattern.trim();
                        if pattern.is_empty() {
                            continue;
                        }
                        let matched = glob(f.path(), pattern);
                        assert!(!matched.is_empty(), "`{pattern}` uploads nothing");
                        files.extend(matched);
                    }
                    run.uploads.push((artifact, files));
                }
                other => panic!("step `{name}` uses {other}, which this test does not know"),
            }
            continue;
        }
        let script = step["run"]
            .as_str()
            .unwrap_or_else(|| panic!("step `{name}` neither runs nor uses"))
            .to_string();
        let summary = summaries.path().join(format!("step_summary_{i}"));
        std::fs::write(&summary, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-c", &script])
            .current_dir(f.path())
            .env("PATH", &path)
            .env("TDAG_REPORT_BIN", env!("CARGO_BIN_EXE_tdag-report"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_ACTIONS", "true")
            .env("CI", "true")
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .envs(env.iter().map(|(k, v)| (k, v)));
        if let Some(vars) = step.get("env").and_then(Value::as_mapping) {
            for (k, v) in vars {
                cmd.env(k.as_str().unwrap(), evaluate(v, github));
            }
        }
        let out = cmd.output().unwrap();
        run.summary
            .push_str(&std::fs::read_to_string(&summary).unwrap());
        run.steps.push(StepRun {
            name,
            script,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    run
}

/// The configured languages of the fixture and its document number.
fn languages(f: &Fixture) -> (Vec<String>, String) {
    let project =
        tdag_report::Project::load(&tdag_report::Paths::at(f.path()), &Default::default())
            .unwrap_or_else(|d| panic!("{d:?}"));
    let codes = project
        .locales
        .iter()
        .map(|l| l.code().to_string())
        .collect();
    (codes, project.model.report.meta.document.get_ref().clone())
}

/// Checks the summary's table: one row per file written, every language
/// in both formats, with the pages and the size of the file as written.
/// Returns the files the rows name.
fn assert_table(f: &Fixture, summary: &str, langs: &[String]) -> Vec<PathBuf> {
    let mut lines = summary
        .lines()
        .skip_while(|l| !l.starts_with("| language |"));
    assert_eq!(
        lines.next(),
        Some("| language | code | format | pages | size | file |"),
        "{summary}"
    );
    assert_eq!(
        lines.next(),
        Some("| --- | --- | --- | ---: | ---: | --- |")
    );
    let rows: Vec<Vec<&str>> = lines
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.strip_prefix("| ")
                .and_then(|l| l.strip_suffix(" |"))
                .unwrap_or_else(|| panic!("{l}"))
                .split(" | ")
                .collect()
        })
        .collect();
    assert_eq!(
        rows.len(),
        langs.len() * 2,
        "one row per edition:\n{summary}"
    );
    let mut seen = Vec::new();
    let mut files = Vec::new();
    for row in &rows {
        let [language, code, format, pages, size, file] = row[..] else {
            panic!("six cells: {row:?}");
        };
        assert!(!language.is_empty() && language != code, "{row:?}");
        assert!(langs.iter().any(|l| l == code), "{row:?}");
        let file = file
            .strip_prefix('`')
            .and_then(|f| f.strip_suffix('`'))
            .unwrap_or_else(|| panic!("the file as code: {row:?}"));
        let path = f.path().join(file);
        let bytes = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .len() as usize;
        assert_eq!(size, tdag_report::summary::human_size(bytes), "{row:?}");
        assert!(
            size.ends_with(" KiB") || size.ends_with(" MiB") || size.ends_with(" B"),
            "{row:?}"
        );
        match format {
            "PDF" => {
                assert!(file.ends_with(".pdf"), "{row:?}");
                let n = lopdf::Document::load(&path).unwrap().get_pages().len();
                assert_eq!(pages, n.to_string(), "{row:?}");
            }
            "DOCX" => {
                assert!(file.ends_with(".docx"), "{row:?}");
                assert_eq!(pages, "—", "Word has no fixed pages: {row:?}");
            }
            other => panic!("format {other}"),
        }
        seen.push((code.to_string(), format.to_string()));
        files.push(PathBuf::from(file));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        langs.len() * 2,
        "every language in both formats"
    );
    files.sort();
    files
}

#[test]
fn the_workflow_is_pinned_and_least_privilege() {
    let (text, yaml) = workflow();
    assert_eq!(
        yaml["permissions"],
        serde_yaml::from_str::<Value>("contents: read").unwrap(),
        "a read-only token"
    );
    assert_eq!(yaml["concurrency"]["cancel-in-progress"], Value::Bool(true));
    assert!(
        yaml["concurrency"]["group"]
            .as_str()
            .is_some_and(|g| g.contains("github.ref")),
        "superseded runs of the same branch are cancelled"
    );
    let jobs = yaml["jobs"].as_mapping().unwrap();
    assert!(jobs.len() >= 2, "the report and the revision");
    for (name, job) in jobs {
        if let Some(permissions) = job.get("permissions").and_then(Value::as_mapping) {
            for (scope, level) in permissions {
                assert!(
                    matches!(level.as_str(), Some("read" | "none")),
                    "job {name:?} widens {scope:?}"
                );
            }
        }
        assert!(
            job.get("timeout-minutes").is_some(),
            "job {name:?} has a timeout"
        );
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(uses) = step["uses"].as_str() {
                let (action, sha) = uses.split_once('@').unwrap();
                assert!(
                    sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                    "{action} is pinned to a full commit SHA, not {sha}"
                );
                if action == "actions/checkout" {
                    assert_eq!(
                        step["with"]["persist-credentials"],
                        Value::Bool(false),
                        "no token left in the checkout"
                    );
                }
            }
            if let Some(run) = step["run"].as_str() {
                assert!(!run.contains("${{"), "no expressions in scripts: {run}");
            }
        }
    }
    // The version beside each SHA, in a comment (which YAML drops).
    let uses: Vec<&str> = text.lines().filter(|l| l.contains("uses: ")).collect();
    assert!(uses.len() >= 4);
    for line in uses {
        let version = line.split_once(" # ").map(|(_, c)| c.trim());
        assert!(
            version.is_some_and(
                |v| v.starts_with('v') && v[1..].starts_with(|c: char| c.is_ascii_digit())
            ),
            "the version in a comment: {line}"
        );
    }
}

#[test]
fn the_report_job_runs_as_written_and_summarises_the_build() {
    let (_, yaml) = workflow();
    let f = Fixture::new();
    let run = run_job(&f, &yaml["jobs"]["report"], &[("event_name", "push")]);
    run.assert_success();
    assert!(
        run.step("check").stdout.starts_with("checked sources: "),
        "{}",
        run.step("check").stdout
    );
    let (langs, document) = languages(&f);
    let n = langs.len() * 2;
    // The summary: a heading, the table, the check's counts.
    let summary = &run.summary;
    assert!(
        summary.starts_with(&format!("## {document}: {n} files built\n\n")),
        "{summary}"
    );
    let listed = assert_table(&f, summary, &langs);
    assert!(summary.contains("\n- **check**: 0 errors, "), "{summary}");
    let texts = summary
        .lines()
        .find_map(|l| l.strip_prefix("- **texts per language**: "))
        .unwrap_or_else(|| panic!("{summary}"));
    for lang in &langs {
        assert!(texts.contains(&format!("{lang} ")), "{texts}");
    }
    assert!(!summary.contains("### Changes"), "no baseline, no changes");
    // The artifact: exactly the files of the table.
    assert_eq!(run.uploads.len(), 1);
    let (artifact, files) = &run.uploads[0];
    assert_eq!(artifact, "tdag-report");
    let mut files = files.clone();
    files.sort();
    assert_eq!(files, listed);
}

#[test]
fn the_revision_job_marks_the_changes_against_the_base_branch() {
    let (_, yaml) = workflow();
    let job = &yaml["jobs"]["revision"];
    assert_eq!(
        job["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    // The base branch, then the pull request's commit on top of it, as a
    // checkout with fetch-depth 0 has them.
    let f = Fixture::new();
    f.commit("base");
    git(
        f.path(),
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
    );
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"Africa and its Member States\"",
    );
    let intro = "sources/sections/1-introduction.toml";
    f.edit(
        intro,
        "It was a landmark event aimed at providing",
        "It was a historic event designed to provide",
    );
    git(f.path(), &["commit", "-q", "-am", "the pull request"]);
    let run = run_job(
        &f,
        job,
        &[("event_name", "pull_request"), ("base_ref", "main")],
    );
    run.assert_success();
    // Annotations on the edited lines, at the edited strings.
    let edited = f.locate("sources/regions.toml", "\"Africa and", 0, 0);
    let paragraph = f.locate(intro, "\"The eighth World", 0, 0);
    let notice = |at: &str, what: &str| {
        let (file, lc) = at.split_once(':').unwrap();
        let (line, column) = lc.split_once(':').unwrap();
        format!("::notice file={file},line={line},col={column}::{what}")
    };
    let notices: Vec<&str> = run.step("diff").stdout.lines().collect();
    assert_eq!(
        notices,
        [
            notice(&edited, "changed region AFR (name)"),
            notice(&paragraph, "changed paragraph 1.1"),
        ],
        "the notices point at the edited strings"
    );
    // The summary: the revision's files, then what changed.
    let (langs, document) = languages(&f);
    let n = langs.len() * 2;
    let summary = &run.summary;
    assert!(
        summary.starts_with(&format!(
            "## {document}: {n} revision files built, changes since `origin/main` marked\n"
        )),
        "{summary}"
    );
    let listed = assert_table(&f, summary, &langs);
    assert!(
        listed.iter().all(|p| p.starts_with("output/revision")),
        "{listed:?}"
    );
    let changes = summary
        .split_once("\n### Changes since `origin/main`\n\n")
        .unwrap_or_else(|| panic!("{summary}"))
        .1;
    assert!(
        changes.starts_with(&format!(
            "2 changes: 2 changed.\n\n- changed region AFR (name) at `{edited}`\n- changed paragraph 1.1 at `{paragraph}`\n"
        )),
        "the change, where the notice points:\n{summary}"
    );
    assert_eq!(changes.lines().count(), 4, "{changes}");
    // Its own artifact.
    assert_eq!(run.uploads.len(), 1);
    let (artifact, files) = &run.uploads[0];
    assert_eq!(artifact, "tdag-report-revision");
    let mut files = files.clone();
    files.sort();
    assert_eq!(files, listed);
}

#[test]
fn a_failed_build_summarises_its_errors_not_a_table() {
    let f = Fixture::new();
    let (code, stderr) = build(
        &f,
        "output",
        &["--lang", "en", "--format", "pdf", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let summary = f.path().join("summary.md");
    let out = f
        .cmd()
        .args(["build", "--message-format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(
        md,
        "## Report not built\n\n\
         The build stopped on 1 error; the log has the details:\n\n\
         - `sources/regions.toml:7:11` blank \\`en\\` text: nothing but white space\n"
    );
    assert!(f.path().join("output/TDAG-23-XX-E.pdf").exists());
}

#[test]
fn the_summary_goes_where_asked_and_a_bad_path_keeps_the_outputs() {
    let f = Fixture::new();
    let args = ["build", "--lang", "en", "--format", "pdf"];
    // A directory: a clear error, exit 1, and the file is written all the same.
    let dir = f.path().join("a-directory");
    std::fs::create_dir(&dir).unwrap();
    let out = f
        .cmd()
        .args(args)
        .arg("--summary")
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: cannot write the summary to `{}`: it is a directory",
            dir.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("Wrote output/TDAG-23-XX-E.pdf"), "{stderr}");
    assert!(f.path().join("output/TDAG-23-XX-E.pdf").is_file());
    // A missing folder: the same.
    let out = f
        .cmd()
        .args(args)
        .args(["--summary", "no/such/folder/summary.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "cannot write the summary to `no/such/folder/summary.md`: no such file or directory"
        ),
        "{stderr}"
    );
    // `-`: on standard output, the status lines staying on stderr.
    let out = f
        .cmd()
        .args(args)
        .args(["--summary", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("## TDAG-23/XX: 1 file built\n"),
        "{stdout}"
    );
    // The variable: appended to, after what earlier steps wrote.
    let file = f.path().join("step_summary");
    std::fs::write(&file, "earlier\n").unwrap();
    let out = f
        .cmd()
        .args(args)
        .arg("--quiet")
        .env("GITHUB_STEP_SUMMARY", &file)
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stderr.as_slice()),
        (Some(0), &b""[..])
    );
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(
        md.starts_with("earlier\n\n## TDAG-23/XX: 1 file built\n"),
        "{md}"
    );
    // Set but empty, or not set: no summary, nothing printed.
    let out = f
        .cmd()
        .args(args)
        .arg("--quiet")
        .env("GITHUB_STEP_SUMMARY", "")
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.len(), out.stderr.len()),
        (Some(0), 0, 0)
    );
    // `watch` has no summary.
    let out = f
        .cmd()
        .args(["watch", "--summary", "x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_pre_commit_hook_checks_the_records() {
    let text = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_yaml::from_str(&text).unwrap();
    let hook = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .find(|h| h["id"].as_str() == Some("tdag-report-check"))
        .expect("the hook tdag-report-check");
    assert!(matches!(hook["language"].as_str(), Some("rust" | "system")));
    assert_eq!(
        hook["pass_filenames"],
        Value::Bool(false),
        "check reads the whole project"
    );
    // pre-commit searches each staged path with the `files` pattern.
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for path in [
        "sources/report.toml",
        "sources/sections/1-introduction.toml",
        "templates/report.typ",
        "templates/locales/en.toml",
    ] {
        assert!(files.is_match(path), "{path} triggers the hook");
    }
    for path in [
        "README.md",
        "output/TDAG-23-XX-E.pdf",
        "src/main.rs",
        "old/sources/x.toml",
    ] {
        assert!(!files.is_match(path), "{path} does not trigger the hook");
    }
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "tdag-report", "the binary that cargo installs");
    let f = Fixture::new();
    let out = f.cmd().args(&entry[1..]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f.edit(
        "sources/regions.toml",
        "name.en = \"Africa\"",
        "name.en = \"\"",
    );
    let out = f.cmd().args(&entry[1..]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken record stops the commit"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: blank `en` text"));
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
    assert_eq!(
        entries.len(),
        tdag_report::typeset::fonts::PINNED.len(),
        "{stdout}"
    );
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
