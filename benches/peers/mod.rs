//! The peers: the same files made by the tools a user would otherwise
//! reach for. The Typst compiler makes each PDF from the report's own
//! templates with the edition's document model as `doc.json` (the same
//! Typst source, the same pinned fonts, the same PDF standards); pandoc
//! makes each DOCX from an HTML rendering of the same document model, with
//! the figure pictures handed to it ready-made. Every input is generated
//! here from the project through the library, never written by hand.
//!
//! Which programs: `BENCH_TYPST` (a `typst` command-line program), else a
//! `typst` on the PATH, else the PyPI package `typst` (typst-py, the same
//! compiler as a Python module) run by `BENCH_PYTHON` (default `python3`)
//! through `typst_compile.py`; `BENCH_PANDOC`, else `pandoc` on the PATH.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tdag_report::doc::{Block, Doc, Inline};
use tdag_report::typeset::world::DOC_JSON;
use tdag_report::typeset::{self, FontOptions, FontSet};
use tdag_report::{Paths, Project, figures};

/// How the Typst compiler is run.
pub enum Typst {
    /// The `typst` command-line program.
    Cli(PathBuf),
    /// typst-py, through `typst_compile.py`, by this Python.
    Python(PathBuf),
}

/// The peers found on this machine.
pub struct Peers {
    /// The Typst compiler and its version.
    pub typst: Option<(Typst, String)>,
    /// pandoc and its version.
    pub pandoc: Option<(PathBuf, String)>,
}

/// The first line a program prints for these arguments, if it runs and
/// succeeds.
fn version(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    })
}

/// A program named by an environment variable. A relative path with a
/// folder in it is taken from the current folder, since the peers run in
/// folders of their own.
fn env_path(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(name).filter(|v| !v.is_empty())?);
    if path.is_relative() && path.components().count() > 1 {
        std::path::absolute(&path).ok()
    } else {
        Some(path)
    }
}

/// The driver of typst-py.
pub fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/peers/typst_compile.py")
}

impl Peers {
    /// Looks for the peers.
    pub fn find() -> Peers {
        let cli = env_path("BENCH_TYPST").unwrap_or_else(|| PathBuf::from("typst"));
        let typst = match version(&cli, &["--version"]) {
            Some(v) => Some((Typst::Cli(cli), v)),
            None => {
                let python = env_path("BENCH_PYTHON").unwrap_or_else(|| PathBuf::from("python3"));
                let script = script();
                version(&python, &[script.to_str().unwrap_or_default(), "--version"])
                    .map(|v| (Typst::Python(python), v))
            }
        };
        let pandoc = env_path("BENCH_PANDOC").unwrap_or_else(|| PathBuf::from("pandoc"));
        let pandoc = version(&pandoc, &["--version"]).map(|v| (pandoc, v));
        Peers { typst, pandoc }
    }

    /// What is missing, in words, if anything.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.typst.is_none() {
            missing.push(
                "the Typst compiler (neither `typst` nor the PyPI package `typst` for python3; \
                 set BENCH_TYPST or BENCH_PYTHON)",
            );
        }
        if self.pandoc.is_none() {
            missing.push("pandoc (set BENCH_PANDOC)");
        }
        missing
    }

    /// The programs, for the record.
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        match &self.typst {
            Some((Typst::Cli(p), v)) => out.push(format!("{v} (`{}`)", p.display())),
            Some((Typst::Python(p), v)) => out.push(format!(
                "{v} (the PyPI package `typst`: the Typst compiler as a Python module, \
                 run by `{}` through benches/peers/typst_compile.py)",
                p.display()
            )),
            None => {}
        }
        if let Some((p, v)) = &self.pandoc {
            out.push(format!("{v} (`{}`)", p.display()));
        }
        out.join("; ")
    }

    /// How long the Python interpreter takes to start and import typst-py
    /// (median of `n` runs), when that is how Typst is run.
    pub fn python_start(&self, n: usize) -> Option<f64> {
        let Some((Typst::Python(python), _)) = &self.typst else {
            return None;
        };
        let mut times: Vec<Duration> = (0..n)
            .map(|_| {
                let start = Instant::now();
                let _ = Command::new(python)
                    .args(["-c", "import typst"])
                    .stdin(Stdio::null())
                    .status();
                start.elapsed()
            })
            .collect();
        times.sort();
        times.get(times.len() / 2).map(|d| d.as_secs_f64() * 1000.0)
    }
}

/// One program to run, and the file it makes.
pub struct Job {
    /// Language code and format, e.g. `zh.pdf`.
    pub what: String,
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Its working directory.
    pub cwd: PathBuf,
    /// The file it writes.
    pub output: PathBuf,
}

impl Job {
    /// The command, ready to spawn.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args).current_dir(&self.cwd);
        cmd
    }
}

fn fail(what: impl std::fmt::Display) -> String {
    what.to_string()
}

/// The folder of a peer's inputs for one language.
fn input_dir(work: &Path, peer: &str, code: &str) -> PathBuf {
    work.join(format!("{peer}-{code}"))
}

/// Writes the peers' inputs for the editions of `langs` (all when empty)
/// of the project at `project` into `work`: for Typst, the templates and
/// the document model; for pandoc, the document as HTML and the figure
/// pictures, which the report's own layout gives (made here, not timed).
/// This compiles the editions, so the benchmark runs it in a process of
/// its own, which leaves its memory out of the measured processes'.
pub fn inputs(project: &Path, langs: &[String], work: &Path) -> Result<(), String> {
    let paths = Paths::at(project);
    let loaded = Project::load(&paths, &Default::default()).map_err(|d| format!("{d:?}"))?;
    let fonts = std::sync::Arc::new(FontSet::new(&FontOptions {
        pinned_dir: Some(paths.templates.real.join("fonts")),
        ..FontOptions::default()
    }));
    for locale in loaded.locales_of(langs) {
        let doc = loaded.assemble(locale).map_err(|d| format!("{d:?}"))?;
        let code = doc.lang.code.clone();
        let json = typeset::doc_json(&doc).map_err(|d| d.message)?;

        let dir = input_dir(work, "typst", &code);
        std::fs::create_dir_all(&dir).map_err(fail)?;
        for entry in std::fs::read_dir(&paths.templates.real).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            if entry.file_type().map_err(fail)?.is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).map_err(fail)?;
            }
        }
        std::fs::write(dir.join(DOC_JSON.trim_start_matches('/')), &json).map_err(fail)?;

        let dir = input_dir(work, "pandoc", &code);
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let world = typeset::world(
            json,
            &paths.templates,
            typeset::REPORT_TEMPLATE,
            fonts.clone(),
            typeset::datetime(2000, 1, 1).expect("a valid date"),
        );
        let (compiled, _) = typeset::compile(&world).map_err(|d| format!("{d:?}"))?;
        let pictures =
            figures::pictures(&compiled, doc.layout.picture_dpi).map_err(|d| format!("{d:?}"))?;
        let mut images = Vec::new();
        for (i, picture) in pictures.iter().enumerate() {
            let name = format!("figure-{}.png", i + 1);
            std::fs::write(dir.join(&name), &picture.png).map_err(fail)?;
            images.push((picture.id.clone(), name, picture.width_pt));
        }
        std::fs::write(dir.join("doc.html"), html(&doc, &images)).map_err(fail)?;
    }
    Ok(())
}

/// The peers' jobs for the inputs [`inputs`] wrote: for each language,
/// Typst compiling the report's template to PDF with the pinned fonts, the
/// build's time stamp and the build's PDF standards (PDF/A-2b, PDF/UA-1,
/// tagged), and pandoc writing the DOCX. Their outputs go to `work/out`.
pub fn jobs(
    peers: &Peers,
    project: &Path,
    langs: &[String],
    work: &Path,
) -> Result<Vec<Job>, String> {
    let paths = Paths::at(project);
    let loaded = Project::load(&paths, &Default::default()).map_err(|d| format!("{d:?}"))?;
    let seconds = tdag_report::build::timestamp(&loaded)
        .map_err(|d| d.message)?
        .unix_timestamp();
    let fonts_dir = paths.templates.real.join("fonts");
    let out = work.join("out");
    std::fs::create_dir_all(&out).map_err(fail)?;
    let mut jobs = Vec::new();
    for locale in loaded.locales_of(langs) {
        let code = locale.code().to_string();
        if let Some((typst, _)) = &peers.typst {
            let dir = input_dir(work, "typst", &code);
            let pdf = out.join(format!("{code}.pdf"));
            let mut args: Vec<OsString> = Vec::new();
            let program = match typst {
                Typst::Cli(p) => {
                    args.extend(["compile".into(), "--ignore-system-fonts".into()]);
                    p.clone()
                }
                Typst::Python(p) => {
                    args.push(script().into());
                    p.clone()
                }
            };
            args.extend([
                "--root".into(),
                dir.clone().into(),
                "--font-path".into(),
                fonts_dir.clone().into(),
                "--creation-timestamp".into(),
                seconds.to_string().into(),
                "--pdf-standard".into(),
                "a-2b,ua-1".into(),
                dir.join(typeset::REPORT_TEMPLATE.trim_start_matches('/'))
                    .into(),
                pdf.clone().into(),
            ]);
            jobs.push(Job {
                what: format!("{code}.pdf"),
                program,
                args,
                cwd: dir,
                output: pdf,
            });
        }
        if let Some((pandoc, _)) = &peers.pandoc {
            let docx = out.join(format!("{code}.docx"));
            jobs.push(Job {
                what: format!("{code}.docx"),
                program: pandoc.clone(),
                args: vec![
                    "--from=html".into(),
                    "--to=docx".into(),
                    "--output".into(),
                    docx.clone().into(),
                    "doc.html".into(),
                ],
                cwd: input_dir(work, "pandoc", &code),
                output: docx,
            });
        }
    }
    Ok(jobs)
}

/// What one run of several processes at once took.
pub struct Ran {
    /// From the first start to the last exit.
    pub wall: Duration,
    /// The sum of the processes' peak resident memory, in MiB: what they
    /// may hold at once.
    pub rss: f64,
}

/// Starts every command at once and waits for all; fails with the
/// standard error of the first that failed.
#[allow(clippy::zombie_processes)]
pub fn run_all(mut commands: Vec<Command>) -> Result<Ran, String> {
    let start = Instant::now();
    let mut children = Vec::new();
    for cmd in &mut commands {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{cmd:?}: {e}"))?;
        children.push(child);
    }
    let mut rss = 0.0;
    let mut failed = None;
    for (child, cmd) in children.iter_mut().zip(&commands) {
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child; status and usage are valid pointers.
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited != pid {
            return Err(format!("wait4 failed for {cmd:?}"));
        }
        rss += usage.ru_maxrss as f64 / 1024.0;
        if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) && failed.is_none() {
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
            }
            failed = Some(format!("{cmd:?} failed: {}", stderr.trim()));
        }
    }
    let wall = start.elapsed();
    match failed {
        Some(e) => Err(e),
        None => Ok(Ran { wall, rss }),
    }
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Inline content as HTML; a footnote is given in brackets where it is
/// referenced.
fn inlines(runs: &[Inline]) -> String {
    let mut out = String::new();
    for run in runs {
        let mut s = escape(&run.text);
        if let Some(note) = &run.note {
            s = format!("{s} [{}]", inlines(note));
        }
        if run.strong {
            s = format!("<strong>{s}</strong>");
        }
        if run.emph {
            s = format!("<em>{s}</em>");
        }
        if let Some(link) = &run.link {
            s = format!("<a href=\"{}\">{s}</a>", escape(link));
        }
        out.push_str(&s);
    }
    out
}

fn block(out: &mut String, b: &Block, images: &[(String, String, f64)]) {
    match b {
        Block::Heading {
            level,
            number,
            text,
            ..
        } => {
            let level = (*level).clamp(1, 6);
            let number = number
                .as_ref()
                .map(|n| format!("{} ", inlines(n)))
                .unwrap_or_default();
            let _ = writeln!(out, "<h{level}>{number}{}</h{level}>", inlines(text));
        }
        Block::Para {
            number, lead, text, ..
        } => {
            out.push_str("<p>");
            if let Some(n) = number {
                let _ = write!(out, "{}\t", inlines(n));
            }
            if let Some(l) = lead {
                let _ = write!(out, "<strong>{}</strong>", inlines(l));
            }
            out.push_str(&inlines(text));
            out.push_str("</p>\n");
        }
        Block::List { items, .. } => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", inlines(&item.text));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(t) => {
            let _ = writeln!(out, "<table>\n<caption>{}</caption>", inlines(&t.caption));
            out.push_str("<colgroup>");
            for c in &t.columns {
                let _ = write!(out, "<col style=\"width: {}%\">", c.width);
            }
            out.push_str("</colgroup>\n<thead><tr>");
            for c in &t.columns {
                let _ = write!(out, "<th>{}</th>", inlines(&c.header));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in &t.rows {
                out.push_str("<tr>");
                if row.group {
                    let cell = row.cells.first().map(|c| inlines(c)).unwrap_or_default();
                    let _ = write!(
                        out,
                        "<td colspan=\"{}\"><strong>{cell}</strong></td>",
                        t.columns.len()
                    );
                } else {
                    for cell in &row.cells {
                        let _ = write!(out, "<td>{}</td>", inlines(cell));
                    }
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Figure(f) => {
            let (src, width) = images
                .iter()
                .find(|(id, _, _)| *id == f.id)
                .map(|(_, name, w)| (name.as_str(), *w))
                .unwrap_or(("", 0.0));
            let _ = writeln!(
                out,
                "<figure><img src=\"{src}\" alt=\"{}\" style=\"width: {width:.1}pt\"><figcaption>{}</figcaption></figure>",
                escape(&f.alt),
                inlines(&f.caption)
            );
        }
    }
}

/// The document as HTML: the header block as a table, then source and
/// title, summary, action required and references, and the sections.
pub fn html(doc: &Doc, images: &[(String, String, f64)]) -> String {
    let dir = match doc.lang.dir {
        tdag_report::locale::Direction::Ltr => "ltr",
        tdag_report::locale::Direction::Rtl => "rtl",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>",
        escape(&doc.lang.tag),
        escape(&tdag_report::doc::plain(&doc.meta.title))
    );
    let column = |lines: &[tdag_report::doc::HeaderLine]| {
        lines
            .iter()
            .map(|l| inlines(&l.text))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let _ = writeln!(
        out,
        "<table><tr><td>{}</td><td>{}</td></tr></table>",
        column(&doc.meta.left),
        column(&doc.meta.right)
    );
    let _ = writeln!(
        out,
        "<p><strong>{}</strong>\t{}</p>\n<p><strong>{}</strong>\t<strong>{}</strong></p>",
        escape(&doc.meta.source_label),
        inlines(&doc.meta.source),
        escape(&doc.meta.title_label),
        inlines(&doc.meta.title)
    );
    for part in &doc.front {
        let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(&part.label));
        for b in &part.blocks {
            block(&mut out, b, images);
        }
    }
    for b in &doc.body {
        block(&mut out, b, images);
    }
    out.push_str("</body>\n</html>\n");
    out
}
