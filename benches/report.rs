//! Benchmarks of tdag-report, run with `cargo bench` (release profile):
//!
//! 1. the whole process, as users and CI run it: `build` of the four files,
//!    `check`, with peak memory;
//! 2. one `watch` rebuild after editing one paragraph;
//! 3. the full build on synthetic sources 10× and 100× the real ones;
//! 4. the stages in one process for both languages: load, check, assemble,
//!    Typst compile, PDF export, figure pictures, DOCX.
//!
//! Set `BENCH_RUNS` to change the number of runs (default 10); the median
//! and the fastest run are reported. `BENCH_ONLY=stages|process|scale`
//! runs one part.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

use common::Fixture;
use tdag_report::check::Options;
use tdag_report::typeset::{self, FontOptions, FontSet};
use tdag_report::{Paths, Project, figures};

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

/// Median and minimum of a set of durations, in milliseconds.
fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[times.len() / 2]), ms(times[0]))
}

fn time<T>(f: impl FnMut() -> T) -> (f64, f64) {
    let mut f = f;
    let times = (0..runs())
        .map(|_| {
            typst::comemo::evict(0);
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    stats(times)
}

fn row(table: &mut String, what: &str, (median, min): (f64, f64)) {
    let _ = writeln!(table, "| {what} | {median:.1} | {min:.1} |");
}

/// The stages, in process.
fn stages(root: &Path) -> String {
    let paths = Paths::at(root);
    let mut t = String::from(
        "| stage (both languages, in process) | median ms | min ms |\n|---|---|---|\n",
    );
    let font_options = FontOptions {
        pinned_dir: Some(root.join("templates/fonts")),
        ..FontOptions::default()
    };
    row(
        &mut t,
        "load fonts (once per process)",
        time(|| FontSet::new(&font_options)),
    );
    row(
        &mut t,
        "load sources",
        time(|| tdag_report::model::load(&paths.sources).unwrap()),
    );
    let options = Options::default();
    row(
        &mut t,
        "load + check",
        time(|| Project::load(&paths, &options).unwrap()),
    );
    let project = Project::load(&paths, &options).unwrap();
    let fonts = std::sync::Arc::new(FontSet::new(&font_options));
    let locales: Vec<_> = project.locales.iter().collect();
    row(
        &mut t,
        "glyph check",
        time(|| tdag_report::check::check_glyphs(&project.model, &locales, fonts.as_ref())),
    );
    row(
        &mut t,
        "assemble",
        time(|| {
            locales
                .iter()
                .map(|l| project.assemble(l).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    let docs: Vec<_> = locales
        .iter()
        .map(|l| project.assemble(l).unwrap())
        .collect();
    let today = typst::foundations::Datetime::from_ymd(2023, 4, 28).unwrap();
    let worlds: Vec<_> = docs
        .iter()
        .map(|d| {
            typeset::world(
                typeset::doc_json(d).unwrap(),
                &paths.templates,
                typeset::REPORT_TEMPLATE,
                fonts.clone(),
                today,
            )
        })
        .collect();
    row(
        &mut t,
        "Typst compile (cold)",
        time(|| {
            worlds
                .iter()
                .map(|w| typeset::compile(w).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    let compiled: Vec<_> = worlds
        .iter()
        .map(|w| typeset::compile(w).unwrap().0)
        .collect();
    let options = typst_pdf::PdfOptions::default();
    row(
        &mut t,
        "PDF export",
        time(|| {
            compiled
                .iter()
                .map(|d| typst_pdf::pdf(d, &options).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    row(
        &mut t,
        "figure pictures (from the report's layout, PNG)",
        time(|| {
            compiled
                .iter()
                .map(|d| figures::pictures(d, 220.0).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    let pictures: Vec<_> = compiled
        .iter()
        .map(|d| figures::pictures(d, 220.0).unwrap())
        .collect();
    let stamp = time::OffsetDateTime::from_unix_timestamp(1_682_640_000).unwrap();
    let word = tdag_report::docx::Templates::load(&paths.templates).unwrap();
    row(
        &mut t,
        "DOCX write",
        time(|| {
            docs.iter()
                .zip(&pictures)
                .map(|(d, p)| tdag_report::docx::write(d, p, stamp, &word).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    t
}

/// Runs a command to completion; returns wall time and peak RSS in MiB.
/// The child is reaped by `wait4`, which also gives its resource usage.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, f64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage are valid pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(waited, pid, "wait4");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr {
            let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
        }
        panic!("{cmd:?} failed: {stderr}");
    }
    (elapsed, usage.ru_maxrss as f64 / 1024.0)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tdag-report"))
}

/// The whole process on a project directory, `n` times.
fn process(dir: &Path, args: &[&str], n: usize) -> (f64, f64, f64) {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..n {
        let (elapsed, rss) = measure(bin().current_dir(dir).args(args));
        times.push(elapsed);
        peak = peak.max(rss);
    }
    let (median, min) = stats(times);
    (median, min, peak)
}

/// Makes the sources `factor` times larger: every initiative, Question
/// and unnumbered paragraph is repeated with fresh ids. Returns the number
/// of records and blocks.
fn scale(dir: &Path, factor: usize) -> usize {
    let sources = dir.join("sources");
    let mut count = 0;
    // Initiatives: AFR1 … becomes AFR1 … AFR<4·factor>, per region.
    let text = std::fs::read_to_string(sources.join("initiatives.toml")).unwrap();
    let records: Vec<&str> = text.split("[[initiative]]").skip(1).collect();
    let mut out = String::new();
    let mut per_region = std::collections::HashMap::new();
    for copy in 0..factor {
        for record in &records {
            let id_line = record.lines().find(|l| l.starts_with("id = ")).unwrap();
            let region = &id_line[6..9];
            let n = per_region.entry(region.to_string()).or_insert(0);
            *n += 1;
            let record = record.replacen(id_line, &format!("id = \"{region}{n}\""), 1);
            let record = if copy == 0 {
                record
            } else {
                record.replace("title.en = \"", &format!("title.en = \"({copy}) "))
            };
            out.push_str("[[initiative]]");
            out.push_str(&record);
            count += 1;
        }
    }
    std::fs::write(sources.join("initiatives.toml"), out).unwrap();
    // Questions: Q1/1 … becomes Q1/1 … Q<7·factor>/1, per study group.
    let text = std::fs::read_to_string(sources.join("questions.toml")).unwrap();
    let records: Vec<&str> = text.split("[[question]]").skip(1).collect();
    let mut out = String::new();
    let mut per_group = std::collections::HashMap::new();
    for _ in 0..factor {
        for record in &records {
            let id_line = record.lines().find(|l| l.starts_with("id = ")).unwrap();
            let group = id_line
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches('"')
                .to_string();
            let n = per_group.entry(group.clone()).or_insert(0);
            *n += 1;
            out.push_str("[[question]]");
            out.push_str(&record.replacen(id_line, &format!("id = \"Q{n}/{group}\""), 1));
            count += 1;
        }
    }
    std::fs::write(sources.join("questions.toml"), out).unwrap();
    // Unnumbered paragraphs of every section, repeated at the section's end.
    for entry in std::fs::read_dir(sources.join("sections")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let paras: Vec<String> = text
            .split("[[block]]")
            .skip(1)
            .filter(|b| {
                b.contains("kind = \"para\"") && !b.contains("numbered = ") && !b.contains("id = ")
            })
            .map(|b| format!("[[block]]{b}"))
            .collect();
        let mut out = text.clone();
        for _ in 1..factor {
            for para in &paras {
                out.push('\n');
                out.push_str(para);
                count += 1;
            }
        }
        std::fs::write(&path, out).unwrap();
    }
    count
}

/// One watch rebuild after a one-paragraph edit: the rebuild time watch
/// reports, and the time from the edit to its report (debounce included).
fn watch_rebuild() -> (f64, f64) {
    let dir = Fixture::new();
    let mut child = bin()
        .current_dir(dir.path())
        .args(["watch"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let finished = |lines: &mut dyn Iterator<Item = std::io::Result<String>>| -> f64 {
        for line in &mut *lines {
            let line = line.unwrap();
            assert!(!line.starts_with("error"), "watch failed: {line}");
            if let Some(rest) = line.trim().strip_prefix("Finished") {
                let ms = rest.rsplit(" in ").next().unwrap().trim_end_matches(" ms");
                return ms.parse().unwrap();
            }
        }
        panic!("watch ended");
    };
    finished(&mut lines);
    std::thread::sleep(Duration::from_millis(300));
    let file = dir.path().join("sources/sections/1-introduction.toml");
    let mut reported = Vec::new();
    let mut latency = Vec::new();
    for i in 0..runs() {
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replacen(
            "was held in Kigali",
            &format!("was held in Kigali{}", " ".repeat(i % 2)),
            1,
        );
        let start = Instant::now();
        std::fs::write(&file, edited).unwrap();
        reported.push(Duration::from_secs_f64(finished(&mut lines) / 1000.0));
        latency.push(start.elapsed());
        std::thread::sleep(Duration::from_millis(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    (stats(reported).0, stats(latency).0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!(
        "tdag-report benchmarks, {} runs each, {} CPUs\n",
        runs(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let part = |name: &str| only.is_empty() || only == name;
    // The processes first: a child's peak RSS as `wait4` reports it
    // includes this process's memory at the fork, which the in-process
    // stages would inflate.
    if part("process") {
        process_table();
    }
    if part("scale") {
        scale_table();
    }
    if part("stages") {
        println!("{}", stages(&root));
    }
}

fn process_table() {
    let dir = Fixture::new();
    let mut t =
        String::from("| whole process | median ms | min ms | peak RSS MiB |\n|---|---|---|---|\n");
    let (median, min, rss) = process(dir.path(), &["check"], runs());
    let _ = writeln!(t, "| `check` | {median:.1} | {min:.1} | {rss:.0} |");
    let (median, min, rss) = process(dir.path(), &["build", "--quiet"], runs());
    let _ = writeln!(
        t,
        "| `build` (4 files) | {median:.1} | {min:.1} | {rss:.0} |"
    );
    let (median, min, rss) = process(dir.path(), &["build", "--quiet", "--format", "pdf"], runs());
    let _ = writeln!(
        t,
        "| `build --format pdf` (2 files) | {median:.1} | {min:.1} | {rss:.0} |"
    );
    let (reported, latency) = watch_rebuild();
    let _ = writeln!(
        t,
        "| `watch` rebuild after a one-paragraph edit (4 files) | {reported:.1} | | |"
    );
    let _ = writeln!(
        t,
        "| … from saving the file to the rebuilt files (50 ms debounce) | {latency:.1} | | |"
    );
    println!("{t}");
}

fn scale_table() {
    let mut t = String::from(
        "| sources | records and blocks scaled | `build` median ms | peak RSS MiB |\n|---|---|---|---|\n",
    );
    for factor in [1, 10, 100] {
        let dir = Fixture::new();
        let scaled = scale(dir.path(), factor);
        let n = if factor >= 100 { runs().min(3) } else { runs() };
        let (median, _, rss) = process(dir.path(), &["build", "--quiet"], n);
        let _ = writeln!(t, "| {factor}× | {scaled} | {median:.0} | {rss:.0} |");
    }
    println!("{t}");
}
