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

/// Checks the project, then builds the selected editions.
pub fn run(args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let project = match Project::load(&args.input.paths()) {
        Ok(project) => project,
        Err(diags) => {
            print_diagnostics(&diags, args.input.message_format);
            return EXIT_ERRORS;
        }
    };
    let unknown: Vec<&String> = args
        .lang
        .iter()
        .filter(|code| {
            !project
                .locales
                .iter()
                .any(|l| l.value.code.get_ref() == *code)
        })
        .collect();
    if !unknown.is_empty() {
        let configured: Vec<&str> = project
            .locales
            .iter()
            .map(|l| l.value.code.get_ref().as_str())
            .collect();
        let _ = writeln!(
            std::io::stderr(),
            "error: --lang {}: not a configured language (configured: {})",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            configured.join(", ")
        );
        return 2;
    }
    let session = Session::new(FontSet::new(&args.fonts.options()));
    let options = BuildOptions {
        out_dir: args.out.clone(),
        langs: args.lang.clone(),
        formats: args.format.clone(),
    };
    match session.build(&project, &options) {
        Ok(built) => {
            print_diagnostics(&built.warnings, args.input.message_format);
            if !args.quiet {
                for artifact in &built.artifacts {
                    print_artifact(artifact);
                }
                status(
                    "Finished",
                    &format!(
                        "{} files in {} ms",
                        built.artifacts.len(),
                        start.elapsed().as_millis()
                    ),
                );
            }
            0
        }
        Err(diags) => {
            print_diagnostics(&diags, args.input.message_format);
            EXIT_ERRORS
        }
    }
}
