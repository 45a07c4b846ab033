//! `tdag-report build`: every language × format, in parallel.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{EXIT_ERRORS, InputArgs, print_diagnostics, status};
use crate::build::{Artifact, BuildOptions, Format, Session};
use crate::project::Project;
use crate::typeset::{FontOptions, FontSet};

/// Options of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Inputs and diagnostics.
    #[command(flatten)]
    pub input: InputArgs,
    /// Fonts.
    #[command(flatten)]
    pub fonts: FontArgs,
    /// Output directory.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Build only these languages (repeatable, or comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Build only these formats (repeatable, or comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<Format>,
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
    /// The font options.
    pub fn options(&self) -> FontOptions {
        FontOptions {
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

/// Exit code for usage errors, as clap uses.
pub const EXIT_USAGE: u8 = 2;

impl BuildArgs {
    /// What to build and where.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            out_dir: self.out.clone(),
            langs: self.lang.clone(),
            formats: self.format.clone(),
        }
    }
}

/// Says which `--lang` values are not configured languages, if any.
fn unknown_langs(project: &Project, langs: &[String]) -> Option<String> {
    let configured: Vec<&str> = project
        .locales
        .iter()
        .map(|l| l.value.code.get_ref().as_str())
        .collect();
    let unknown: Vec<&str> = langs
        .iter()
        .map(String::as_str)
        .filter(|l| !configured.contains(l))
        .collect();
    (!unknown.is_empty()).then(|| {
        format!(
            "error: --lang {}: not a configured language (configured: {})",
            unknown.join(", "),
            configured.join(", ")
        )
    })
}

/// Loads and checks the project, builds the selected editions and prints
/// what happened; returns the exit code. `watch` calls it on every change.
pub fn build_once(session: &Session, args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let format = args.input.message_format;
    let project = match Project::load(&args.input.paths()) {
        Ok(project) => project,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return EXIT_ERRORS;
        }
    };
    if let Some(message) = unknown_langs(&project, &args.lang) {
        let _ = writeln!(std::io::stderr(), "{message}");
        return EXIT_USAGE;
    }
    match session.build(&project, &args.options()) {
        Ok(built) => {
            print_diagnostics(&built.warnings, format);
            if !args.quiet {
                for artifact in &built.artifacts {
                    print_artifact(artifact);
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
    build_once(&Session::new(FontSet::new(&args.fonts.options())), args)
}
