//! Benchmarks of tdag-report, run with `cargo bench` (release profile):
//!
//! 1. `process`: the whole process, as users and CI run it: `check`, the
//!    build of the four files (two languages, PDF and DOCX), the build of
//!    every configured language, with peak memory; one `watch` rebuild
//!    after editing one paragraph;
//! 2. `peers`: side by side in one run, alternately, our build and the
//!    peers making the same files — the Typst compiler making each PDF from
//!    the same Typst source and fonts, pandoc making each DOCX from the same
//!    document, all at once — and the ratio of the medians; for the two
//!    languages, then for every configured language;
//! 3. `scale`: the build on synthetic sources 10× and 100× the real ones;
//! 4. `stages`: the stages in one process for the two languages: load,
//!    check, assemble, Typst compile, PDF export, figure pictures, DOCX;
//! 5. `revision`: the four files with their changes since `HEAD` marked
//!    against the plain build, alternately, in a git copy of the project
//!    with a paragraph and a work cycle edited (target: at most 1.5×).
//!
//! `BENCH_RUNS` sets the number of runs (default 10); medians and the
//! fastest run are reported. `BENCH_ONLY=process,peers,scale,stages,revision` runs
//! some parts. `BENCH_LANGS` names the two-language build (default
//! `zh,en`). The peers are found as `benches/peers/mod.rs` says; a missing
//! peer is named and our figures are printed alone.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "peers/mod.rs"]
mod peers;

use common::Fixture;
use peers::Peers;
use tdag_report::check::Options;
use tdag_report::typeset::{self, FontOptions, FontSet};
use tdag_report::{Paths, Project, figures};

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(10)
}

/// The languages of "the four files".
fn langs() -> Vec<String> {
    std::env::var("BENCH_LANGS")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "zh,en".to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .collect()
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

/// The stages, in process, for the languages of [`langs`], one after
/// the other (the build runs them in parallel).
fn stages(root: &Path) -> String {
    let paths = Paths::at(root);
    let langs = langs();
    let mut t = format!(
        "| stage ({}, one after the other, in process) | median ms | min ms |\n|---|---|---|\n",
        langs.join(", ")
    );
    let font_options = FontOptions {
        pinned_dir: Some(root.join("templates/fonts")),
        map_files: true,
        ..FontOptions::default()
    };
    row(
        &mut t,
        "load fonts (once per process, on a thread of their own)",
        time(|| FontSet::new(&font_options).list().len()),
    );
    row(
        &mut t,
        "load sources",
        time(|| tdag_report::model::load(&paths.sources).unwrap()),
    );
    let options = Options::default();
    let project = match Project::load(&paths, &options) {
        Ok(p) => p,
        Err(d) => return format!("stages: the project does not load: {d:?}\n"),
    };
    row(
        &mut t,
        "load + check (every language)",
        time(|| Project::load(&paths, &options).unwrap()),
    );
    let fonts = std::sync::Arc::new(FontSet::new(&font_options));
    let locales = project.locales_of(&langs);
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
    let stamp = typst::foundations::Datetime::from_ymd_hms(2023, 4, 28, 0, 0, 0).unwrap();
    row(
        &mut t,
        "PDF export (PDF/A-2b, PDF/UA-1, tagged)",
        time(|| {
            worlds
                .iter()
                .zip(&compiled)
                .map(|(w, d)| tdag_report::pdf::export(w, d, "TDAG", stamp).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    row(
        &mut t,
        "figure pictures (from the report's layout, PNG)",
        time(|| {
            compiled
                .iter()
                .zip(&docs)
                .map(|(c, d)| figures::pictures(c, d.layout.picture_dpi).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    let pictures: Vec<_> = compiled
        .iter()
        .zip(&docs)
        .map(|(c, d)| figures::pictures(c, d.layout.picture_dpi).unwrap())
        .collect();
    let created = time::OffsetDateTime::from_unix_timestamp(1_682_640_000).unwrap();
    let word = tdag_report::docx::Templates::load(&paths.templates).unwrap();
    row(
        &mut t,
        "DOCX write",
        time(|| {
            docs.iter()
                .zip(&pictures)
                .map(|(d, p)| tdag_report::docx::write(d, p, created, &word).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    t
}

/// Runs a command to completion; returns wall time and peak RSS in MiB,
/// or what it said on failure. The child is reaped by `wait4`, which also
/// gives its resource usage. Its peak RSS includes this process's at the
/// fork, so the benchmark measures processes while it is still small.
fn measure(cmd: Command) -> Result<(Duration, f64), String> {
    let ran = peers::run_all(vec![cmd])?;
    Ok((ran.wall, ran.rss))
}

/// The release binary, run in `dir` with `args`.
fn bin_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = bin();
    cmd.current_dir(dir).args(args);
    cmd
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tdag-report"))
}

/// The whole process on a project directory, `n` times: median, fastest,
/// peak RSS.
fn process(dir: &Path, args: &[&str], n: usize) -> Result<(f64, f64, f64), String> {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..n {
        let (elapsed, rss) = measure(bin_in(dir, args))?;
        times.push(elapsed);
        peak = peak.max(rss);
    }
    let (median, min) = stats(times);
    Ok((median, min, peak))
}

/// The first line of a failure, for a table cell.
fn first_line(e: &str) -> String {
    let line = e
        .lines()
        .find(|l| l.contains("error"))
        .or_else(|| e.lines().last())
        .unwrap_or("failed");
    line.trim().replace('|', "\\|").chars().take(200).collect()
}

/// The languages a project configures.
fn configured(dir: &Path) -> Vec<String> {
    match Project::load(&Paths::at(dir), &Options::default()) {
        Ok(p) => p.locales.iter().map(|l| l.code().to_string()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Copies the pinned fonts into a fixture, so that the binary reads them
/// from the project as it does for users (the fixture otherwise leaves
/// them out and the binary uses its embedded copies), and the peers read
/// the same files.
fn with_fonts(f: &Fixture) {
    let to = f.path().join("templates/fonts");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(common::root().join("templates/fonts")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
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

/// One watch rebuild of the two languages after a one-paragraph edit: the
/// rebuild time watch reports, and the time from the edit to its report
/// (debounce included).
fn watch_rebuild() -> Result<(f64, f64), String> {
    let dir = Fixture::new();
    with_fonts(&dir);
    let mut child = bin()
        .current_dir(dir.path())
        .args(["watch", "--lang", &langs().join(",")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let finished = |lines: &mut dyn Iterator<Item = std::io::Result<String>>| {
        for line in &mut *lines {
            let line = line.map_err(|e| e.to_string())?;
            if line.starts_with("error") {
                return Err(format!("watch failed: {line}"));
            }
            if let Some(rest) = line.trim().strip_prefix("Finished") {
                let ms = rest.rsplit(" in ").next().unwrap().trim_end_matches(" ms");
                return ms.parse::<f64>().map_err(|e| e.to_string());
            }
        }
        Err("watch ended".to_string())
    };
    let result = (|| {
        finished(&mut lines)?;
        std::thread::sleep(Duration::from_millis(300));
        let file = dir.path().join("sources/sections/1-introduction.toml");
        let mut reported = Vec::new();
        let mut latency = Vec::new();
        for i in 0..runs() {
            let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
            let edited = text.replacen(
                "was held in Kigali",
                &format!("was held in Kigali{}", " ".repeat(i % 2)),
                1,
            );
            let start = Instant::now();
            std::fs::write(&file, edited).map_err(|e| e.to_string())?;
            reported.push(Duration::from_secs_f64(finished(&mut lines)? / 1000.0));
            latency.push(start.elapsed());
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok((stats(reported).0, stats(latency).0))
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The subcommand of this binary that writes the peers' inputs, in a
/// process of its own: `--peer-inputs PROJECT WORK LANGS`.
const PEER_INPUTS: &str = "--peer-inputs";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    if let Some(at) = args.iter().position(|a| a == PEER_INPUTS) {
        let [project, work, langs] = [1, 2, 3].map(|i| args.get(at + i).cloned());
        let (Some(project), Some(work), Some(langs)) = (project, work, langs) else {
            eprintln!("usage: {PEER_INPUTS} PROJECT WORK LANGS");
            std::process::exit(2);
        };
        let langs: Vec<String> = langs
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if let Err(e) = peers::inputs(Path::new(&project), &langs, Path::new(&work)) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!(
        "tdag-report benchmarks, {} runs each, {} CPUs\n",
        runs(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let part = |name: &str| only.is_empty() || only.split(',').any(|p| p.trim() == name);
    // The processes first: a child's peak RSS as `wait4` reports it
    // includes this process's memory at the fork, which the in-process
    // stages would inflate.
    if part("process") {
        process_table();
    }
    if part("peers") {
        let two = langs();
        println!("{}", side_by_side(&two));
        let all = configured(&root);
        if all.len() > two.len() {
            println!("{}", side_by_side(&all));
        }
    }
    if part("scale") {
        scale_table();
    }
    if part("stages") {
        println!("{}", stages(&root));
    }
    if part("revision") {
        println!("{}", revision_table());
    }
}

/// A revision build against the plain build of the same records, run
/// alternately: the project committed to git, then a paragraph edited in
/// both languages and the regional initiatives' work cycle moved (which
/// changes a figure, a table row and the prose that names the years).
fn revision_table() -> String {
    let dir = Fixture::new();
    with_fonts(&dir);
    dir.commit("baseline");
    let intro = "sources/sections/1-introduction.toml";
    dir.edit(
        intro,
        "It was a landmark event aimed at providing",
        "It was a historic landmark event designed to provide",
    );
    dir.edit(
        intro,
        "这是一项具有里程碑意义的活动，旨在",
        "这是一项具有重大里程碑意义的活动，目的是",
    );
    dir.edit(
        "sources/outputs.toml",
        "start = 2023\nend = 2025",
        "start = 2024\nend = 2026",
    );
    let list = langs().join(",");
    let plain = ["build", "--quiet", "--lang", &list, "--out", "plain"];
    let revision = [&plain[..4], &["--baseline", "HEAD", "--out", "rev"]].concat();
    let (mut ours, mut marked) = (Vec::new(), Vec::new());
    for _ in 0..runs() {
        for (args, times) in [(&plain[..], &mut ours), (&revision[..], &mut marked)] {
            match measure(bin_in(dir.path(), args)) {
                Ok((wall, _)) => times.push(wall),
                Err(e) => return format!("revision build fails: {}\n", first_line(&e)),
            }
        }
    }
    let (plain_median, plain_min) = stats(ours);
    let (rev_median, rev_min) = stats(marked);
    format!(
        "| revision build, {list} (4 files), {} runs each, alternating | median ms | min ms |\n\
         |---|---|---|\n\
         | `build` | {plain_median:.1} | {plain_min:.1} |\n\
         | `build --baseline HEAD` (a paragraph and a work cycle changed) | {rev_median:.1} | {rev_min:.1} |\n\
         | **ratio of medians** (target ≤ 1.5) | **{:.2}** | |\n",
        runs(),
        rev_median / plain_median
    )
}

fn process_table() {
    let dir = Fixture::new();
    with_fonts(&dir);
    let two = langs().join(",");
    let all = configured(dir.path());
    let mut t =
        String::from("| whole process | median ms | min ms | peak RSS MiB |\n|---|---|---|---|\n");
    let mut line = |what: &str, args: &[&str]| match process(dir.path(), args, runs()) {
        Ok((median, min, rss)) => {
            let _ = writeln!(t, "| {what} | {median:.1} | {min:.1} | {rss:.0} |");
        }
        Err(e) => {
            let _ = writeln!(t, "| {what} | failed: {} | | |", first_line(&e));
        }
    };
    line("`check`", &["check"]);
    line(
        &format!("`build --lang {two}` (4 files)"),
        &["build", "--quiet", "--lang", &two],
    );
    line(
        &format!("`build --lang {two} --format pdf` (2 files)"),
        &["build", "--quiet", "--lang", &two, "--format", "pdf"],
    );
    if all.len() > 2 {
        line(
            &format!(
                "`build`: every language ({}, {} files)",
                all.join(", "),
                2 * all.len()
            ),
            &["build", "--quiet"],
        );
    }
    match watch_rebuild() {
        Ok((reported, latency)) => {
            let _ = writeln!(
                t,
                "| `watch --lang {two}` rebuild after a one-paragraph edit (4 files) | {reported:.1} | | |"
            );
            let _ = writeln!(
                t,
                "| … from saving the file to the rebuilt files (50 ms debounce) | {latency:.1} | | |"
            );
        }
        Err(e) => {
            let _ = writeln!(t, "| `watch` rebuild | failed: {} | | |", first_line(&e));
        }
    }
    println!("{t}");
}

/// Our build and the peers', alternately, on the same project; prints
/// both, the ratio of medians, and what the peers are.
fn side_by_side(langs: &[String]) -> String {
    let n = runs();
    let files = 2 * langs.len();
    let mut out = format!(
        "Side by side: {files} files ({}: PDF and DOCX), {n} runs each, alternating\n\n",
        langs.join(", ")
    );
    let dir = Fixture::new();
    with_fonts(&dir);
    let list = langs.join(",");
    let ours_args = ["build", "--quiet", "--lang", &list, "--out", "out-ours"];
    let ours = || measure(bin_in(dir.path(), &ours_args));
    if let Err(e) = ours() {
        let _ = writeln!(out, "our build fails: {}\n", first_line(&e));
        return out;
    }
    let peers = Peers::find();
    let missing = peers.missing();
    let work = tempfile::tempdir().unwrap();
    let mut jobs = Vec::new();
    let mut peer_error = None;
    if peers.typst.is_some() || peers.pandoc.is_some() {
        let made = Command::new(std::env::current_exe().unwrap())
            .args([PEER_INPUTS.as_ref(), dir.path().as_os_str()])
            .arg(work.path())
            .arg(&list)
            .output();
        match made {
            Ok(o) if o.status.success() => {
                match peers::jobs(&peers, dir.path(), langs, work.path()) {
                    Ok(j) => jobs = j,
                    Err(e) => peer_error = Some(e),
                }
            }
            Ok(o) => peer_error = Some(String::from_utf8_lossy(&o.stderr).into_owned()),
            Err(e) => peer_error = Some(e.to_string()),
        }
    }
    let peers_run = || peers::run_all(jobs.iter().map(peers::Job::command).collect());
    if peer_error.is_none()
        && !jobs.is_empty()
        && let Err(e) = peers_run()
    {
        peer_error = Some(e);
    }
    let compare = missing.is_empty() && peer_error.is_none();
    let mut ours_t = Vec::new();
    let mut ours_rss: f64 = 0.0;
    let mut theirs_t = Vec::new();
    let mut theirs_rss: f64 = 0.0;
    for i in 0..n {
        // Alternate which goes first, so that neither always follows the
        // other's load.
        for side in [i % 2, 1 - i % 2] {
            if side == 0 {
                match ours() {
                    Ok((t, rss)) => {
                        ours_t.push(t);
                        ours_rss = ours_rss.max(rss);
                    }
                    Err(e) => {
                        let _ = writeln!(out, "our build failed: {}\n", first_line(&e));
                        return out;
                    }
                }
            } else if compare {
                match peers_run() {
                    Ok(ran) => {
                        theirs_t.push(ran.wall);
                        theirs_rss = theirs_rss.max(ran.rss);
                    }
                    Err(e) => {
                        let _ = writeln!(out, "a peer failed: {}\n", first_line(&e));
                        return out;
                    }
                }
            }
        }
    }
    let (ours_median, ours_min) = stats(ours_t);
    let _ = writeln!(
        out,
        "| | median ms | min ms | peak RSS MiB |\n|---|---|---|---|\n| `tdag-report build --lang {list}` (one process) | {ours_median:.1} | {ours_min:.1} | {ours_rss:.0} |"
    );
    if !compare {
        out.push('\n');
        for m in &missing {
            let _ = writeln!(out, "peer missing: {m}; our figures alone.");
        }
        if let Some(e) = peer_error {
            let _ = writeln!(out, "the peers could not run: {}", first_line(&e));
        }
        return out;
    }
    let (theirs_median, theirs_min) = stats(theirs_t);
    let typst_name = match &peers.typst {
        Some((peers::Typst::Python(_), _)) => "typst-py",
        _ => "typst",
    };
    let _ = writeln!(
        out,
        "| peers: {typst_name} ×{k} (PDF) and pandoc ×{k} (DOCX), all at once | {theirs_median:.1} | {theirs_min:.1} | {theirs_rss:.0} (sum of the {files}) |",
        k = langs.len()
    );
    let _ = writeln!(
        out,
        "| **ratio of medians, ours / peers** | **{:.2}** | | |\n",
        ours_median / theirs_median
    );
    // Each peer job alone, for the record.
    let _ = writeln!(
        out,
        "| each peer alone | median ms | peak RSS MiB |\n|---|---|---|"
    );
    for job in &jobs {
        let mut times = Vec::new();
        let mut rss: f64 = 0.0;
        for _ in 0..n {
            if let Ok((t, r)) = measure(job.command()) {
                times.push(t);
                rss = rss.max(r);
            }
        }
        if !times.is_empty() {
            let (median, _) = stats(times);
            let _ = writeln!(
                out,
                "| {} {} | {median:.1} | {rss:.0} |",
                job.program
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy(),
                job.what
            );
        }
    }
    let _ = writeln!(out, "\npeers: {}", peers.describe());
    if let Some(ms) = peers.python_start(n) {
        let _ = writeln!(
            out,
            "python3 starting and importing typst-py alone: {ms:.1} ms (median), part of each typst-py job above"
        );
    }
    // The peers made the same documents: the same number of pages.
    let pages = |path: &Path| {
        lopdf::Document::load(path)
            .map(|d| d.get_pages().len().to_string())
            .unwrap_or_else(|_| "?".into())
    };
    let project = Project::load(&Paths::at(dir.path()), &Options::default()).ok();
    let mut counts = Vec::new();
    for job in jobs.iter().filter(|j| j.what.ends_with(".pdf")) {
        let code = job.what.trim_end_matches(".pdf");
        let ours = project.as_ref().and_then(|p| {
            let locale = p.locales.iter().find(|l| l.code() == code)?;
            let name = tdag_report::output::file_name(
                p.model.report.meta.document.get_ref(),
                locale.value.letter.get_ref(),
                "pdf",
            );
            Some(pages(&dir.path().join("out-ours").join(name)))
        });
        counts.push(format!(
            "{code} {} (peer {})",
            ours.unwrap_or_else(|| "?".into()),
            pages(&job.output)
        ));
    }
    let _ = writeln!(
        out,
        "pages of our PDFs and the peer's: {}",
        counts.join(", ")
    );
    out
}

fn scale_table() {
    let two = langs().join(",");
    let mut t = format!(
        "| sources (`build --lang {two}`) | records and blocks scaled | median ms | peak RSS MiB |\n|---|---|---|---|\n"
    );
    for factor in [1, 10, 100] {
        let dir = Fixture::new();
        let scaled = scale(dir.path(), factor);
        let n = if factor >= 100 { runs().min(3) } else { runs() };
        match process(dir.path(), &["build", "--quiet", "--lang", &two], n) {
            Ok((median, _, rss)) => {
                let _ = writeln!(t, "| {factor}× | {scaled} | {median:.0} | {rss:.0} |");
            }
            Err(e) => {
                let _ = writeln!(t, "| {factor}× | {scaled} | failed: {} | |", first_line(&e));
            }
        }
    }
    println!("{t}");
}
