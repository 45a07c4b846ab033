//! `tdag-report build`: every language × format, in parallel.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::{EXIT_ERRORS, InputArgs, print_diagnostics, status, usage_error};
use crate::build::{Artifact, BuildOptions, Format, Session};
use crate::check::Options;
use crate::diag;
use crate::project::{Paths, Project};
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
    /// Inputs and diagnostics.
    #[command(flatten)]
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
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
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
    /// The font options for a project: its `templates/fonts/` first.
    pub fn options(&self, paths: &Paths) -> FontOptions {
        FontOptions {
            pinned_dir: Some(paths.templates.real.join("fonts")),
            font_paths: self.font_path.clone(),
            system_fonts: self.system_fonts,
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
    let size = artifact.size as f64 / 1024.0;
    let size = if size >= 1024.0 {
        format!("{:.1} MiB", size / 1024.0)
    } else {
        format!("{size:.0} KiB")
    };
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
        }
    }
}

/// Says which `--lang` values are not configured languages, if any, with
/// the closest one.
pub fn unknown_langs(project: &Project, langs: &[String]) -> Option<String> {
    let configured: Vec<&str> = project.locales.iter().map(|l| l.code()).collect();
    let unknown: Vec<&String> = langs
        .iter()
        .filter(|l| !configured.contains(&l.as_str()))
        .collect();
    let first = unknown.first()?;
    let hint = match diag::closest(first, configured.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("configured: {}", configured.join(", ")),
    };
    Some(format!(
        "--lang {}: not a configured language; {hint}",
        unknown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Loads and checks the project, builds the selected editions and prints
/// what happened; returns the exit code. `watch` calls it on every change.
pub fn build_once(session: &Session, args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let format = args.input.format();
    let paths = args.input.paths();
    let project = match Project::load(&paths, &Options::default()) {
        Ok(project) => project,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return EXIT_ERRORS;
        }
    };
    print_diagnostics(&project.report.diags, format);
    if let Some(message) = unknown_langs(&project, &args.lang) {
        return usage_error(&message);
    }
    let baseline = match &args.baseline {
        Some(reference) => match crate::revise::baseline::load(&paths, reference) {
            Ok(b) => Some(b),
            Err(diags) => {
                print_diagnostics(&diags, format);
                return EXIT_ERRORS;
            }
        },
        None => None,
    };
    match session.build(&project, &args.options(&paths), baseline.as_ref()) {
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
            0
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            EXIT_ERRORS
        }
    }
}

/// Checks the project, then builds the selected editions.
pub fn run(args: &BuildArgs) -> u8 {
    let paths = args.input.paths();
    build_once(
        &Session::new(FontSet::new(&args.fonts.options(&paths))),
        args,
    )
}
