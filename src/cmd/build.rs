//! `tdag-report build`: every language × format, in parallel.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::{EXIT_ERRORS, InputArgs, print_diagnostics, status, usage_error};
use crate::build::{Artifact, BuildOptions, Format, Session};
use crate::check::Options;
use crate::diag::{self, Diagnostic};
use crate::project::{Paths, Project};
use crate::summary::{self, Revision, Success, Target};
use crate::typeset::{FontOptions, FontSet};

/// An output format, as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PDF through Typst.
    Pdf,
    /// Word through docx-rs.
    Docx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
        }
    }
}

/// Options of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: InputArgs,
    /// Fonts.
    #[command(flatten)]
    pub fonts: FontArgs,
    /// Output directory, relative to the project.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Build only these languages (repeatable, or comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Build only these formats (repeatable, or comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<FormatArg>,
    /// Stamp every page with a DRAFT watermark and the build time.
    #[arg(long)]
    pub draft: bool,
    /// Mark the changes since this baseline: a git revision of the
    /// repository holding the records (a tag, HEAD~1, a commit) or the
    /// folder of an earlier copy of the project.
    #[arg(long, value_name = "REF")]
    pub baseline: Option<String>,
    /// The author of the tracked changes (default: `author` in
    /// report.toml, else the source).
    #[arg(long, value_name = "NAME", requires = "baseline")]
    pub author: Option<String>,
    /// Set two languages side by side in one parallel edition (e.g.
    /// `zh,en`: Chinese on the left, English on the right), written as
    /// `<document>-CE.pdf` and `.docx`, instead of an edition each.
    #[arg(
        long,
        value_name = "A,B",
        value_delimiter = ',',
        conflicts_with = "lang"
    )]
    pub parallel: Vec<String>,
    /// Leave out the editions of these languages while their texts are
    /// incomplete (comma-separated): their missing texts are counted, not
    /// errors, and the other editions are built.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub allow_missing: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options of the `build` command: those it shares with `watch`, and the
/// job summary.
#[derive(Debug, Args)]
pub struct BuildCommandArgs {
    /// What to build.
    #[command(flatten)]
    pub build: BuildArgs,
    /// Append a Markdown summary of the build (a table of the files
    /// written, the check's counts, the changes since --baseline) to this
    /// file; `-` prints it. Default: the file $GITHUB_STEP_SUMMARY names,
    /// when it is set.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

/// Where fonts come from besides the pinned ones.
#[derive(Debug, Args)]
pub struct FontArgs {
    /// Also use the fonts in this directory (repeatable).
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Also use the system's fonts.
    #[arg(long)]
    pub system_fonts: bool,
}

impl FontArgs {
    /// The font options for a project: its `templates/fonts/` first, the
    /// files mapped into memory (a command that runs on, like `watch`,
    /// turns that off).
    pub fn options(&self, paths: &Paths) -> FontOptions {
        FontOptions {
            pinned_dir: Some(paths.templates.real.join("fonts")),
            font_paths: self.font_path.clone(),
            system_fonts: self.system_fonts,
            map_files: true,
        }
    }
}

/// Prints a cargo-like line for a written file.
pub fn print_artifact(artifact: &Artifact) {
    let pages = match artifact.pages {
        Some(1) => "1 page, ".to_string(),
        Some(n) => format!("{n} pages, "),
        None => String::new(),
    };
    let size = summary::human_size(artifact.size);
    status(
        "Wrote",
        &format!(
            "{} ({pages}{size}, {} ms)",
            artifact.path.display(),
            artifact.elapsed.as_millis()
        ),
    );
}

impl BuildArgs {
    /// What to build and where.
    pub fn options(&self, paths: &Paths) -> BuildOptions {
        BuildOptions {
            out_dir: if self.out.is_absolute() || paths.root == std::path::Path::new(".") {
                self.out.clone()
            } else {
                paths.root.join(&self.out)
            },
            langs: self.lang.clone(),
            formats: self.format.iter().map(|&f| f.into()).collect(),
            draft: self.draft,
            author: self.author.clone(),
            parallel: match self.parallel.as_slice() {
                [a, b] => Some([a.clone(), b.clone()]),
                _ => None,
            },
        }
    }
}

/// What is wrong with `--parallel`, if anything: it takes two different
/// languages.
fn parallel_usage(parallel: &[String]) -> Option<String> {
    match parallel {
        [] => None,
        [a, b] if a != b => None,
        [a, b] => Some(format!(
            "--parallel {a},{b}: a parallel edition sets two different languages side by side"
        )),
        _ => Some(format!(
            "--parallel {}: name two languages, such as `--parallel zh,en`",
            parallel.join(",")
        )),
    }
}

/// The languages to build: those of `--parallel`, or of `--lang` (all
/// configured ones if none), less those of `--allow-missing` whose texts
/// are incomplete.
fn complete_langs(project: &Project, args: &BuildArgs) -> Vec<String> {
    if !args.parallel.is_empty() {
        return args.parallel.clone();
    }
    let incomplete = |code: &str| {
        args.allow_missing.iter().any(|l| l == code)
            && project
                .report
                .coverage
                .iter()
                .any(|(lang, _, missing)| lang == code && *missing > 0)
    };
    project
        .locales
        .iter()
        .map(|l| l.code())
        .filter(|code| args.lang.is_empty() || args.lang.iter().any(|l| l == code))
        .filter(|code| !incomplete(code))
        .map(str::to_string)
        .collect()
}

/// Loads and checks the project, builds the selected editions and prints
/// what happened; returns the exit code. `watch` calls it on every change.
pub fn build_once(session: &Session, args: &BuildArgs) -> u8 {
    build_summarised(session, args, false).0
}

/// [`build_once`], and, when `summarise` is set, the Markdown summary of
/// what happened: the files written, or why none were.
fn build_summarised(session: &Session, args: &BuildArgs, summarise: bool) -> (u8, Option<String>) {
    let start = Instant::now();
    let format = args.input.format();
    let paths = args.input.paths();
    let failed =
        |code: u8, diags: &[Diagnostic]| (code, summarise.then(|| summary::failure(diags)));
    if let Some(message) = parallel_usage(&args.parallel) {
        return failed(usage_error(&message), &[Diagnostic::error(message)]);
    }
    let options = Options {
        allow_missing: args.allow_missing.clone(),
        building: args.lang.iter().chain(&args.parallel).cloned().collect(),
    };
    let project = match Project::load(&paths, &options) {
        Ok(project) => project,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return failed(EXIT_ERRORS, &diags);
        }
    };
    print_diagnostics(&project.report.diags, format);
    let asked = [
        ("--lang", &args.lang),
        ("--parallel", &args.parallel),
        ("--allow-missing", &args.allow_missing),
    ];
    if let Some(message) = asked
        .iter()
        .find_map(|(option, langs)| super::unknown_langs(&project, option, langs))
    {
        return failed(usage_error(&message), &[Diagnostic::error(message)]);
    }
    let baseline = match &args.baseline {
        Some(reference) => match super::load_baseline(&paths, reference, format) {
            Ok(b) => Some(b),
            Err(diags) => return failed(EXIT_ERRORS, &diags),
        },
        None => None,
    };
    let mut build_options = args.options(&paths);
    build_options.langs = complete_langs(&project, args);
    match session.build(&project, &build_options, baseline.as_ref()) {
        Ok(built) => {
            print_diagnostics(&built.warnings, format);
            if !args.quiet {
                for artifact in &built.artifacts {
                    print_artifact(artifact);
                }
                for path in &built.removed {
                    status("Removed", &format!("{} (stale)", path.display()));
                }
                let n = built.artifacts.len();
                let files = if n == 1 { "file" } else { "files" };
                status(
                    "Finished",
                    &format!("{n} {files} in {} ms", start.elapsed().as_millis()),
                );
            }
            let markdown = summarise.then(|| {
                let revision = baseline.as_ref().map(|b| Revision {
                    baseline: b.name.clone(),
                    changes: crate::revise::summary::changes(&b.project.model, &project.model),
                });
                Success::new(&project, &built, revision).markdown()
            });
            (0, markdown)
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            failed(EXIT_ERRORS, &diags)
        }
    }
}

/// Checks the project, then builds the selected editions, then appends
/// the summary (`--summary`, or `$GITHUB_STEP_SUMMARY`) of what it did.
/// A summary that cannot be written fails the command (exit 1), but the
/// outputs stay written.
pub fn run(args: &BuildCommandArgs) -> u8 {
    let target = match summary::target(
        args.summary.as_deref(),
        std::env::var_os(summary::GITHUB_STEP_SUMMARY),
    ) {
        Ok(target) => target,
        Err(message) => return usage_error(&message),
    };
    let build = &args.build;
    let paths = build.input.paths();
    let session = Session::new(FontSet::new(&build.fonts.options(&paths)));
    let (code, markdown) = build_summarised(&session, build, target.is_some());
    let (Some(target), Some(markdown)) = (target, markdown) else {
        return code;
    };
    match summary::write(&target, &markdown) {
        Ok(()) => {
            if let (Target::File(path), false) = (&target, build.quiet) {
                status("Summary", &format!("appended to {}", path.display()));
            }
            code
        }
        Err(diag) => {
            // The error alone, without print_diagnostics' count line: the
            // build's own errors, if any, were counted already.
            let format = build.input.format();
            let color =
                anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
            let _ = write!(
                anstream::stderr().lock(),
                "{}",
                diag::render(&diag, format, color)
            );
            code.max(EXIT_ERRORS)
        }
    }
}
