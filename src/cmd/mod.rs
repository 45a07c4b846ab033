//! The command-line commands, one module each, and what they share.

pub mod build;
pub mod check;
pub mod fonts;
pub mod watch;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diag::{self, Diagnostic, MessageFormat};
use crate::project::Paths;

/// Exit code when the inputs have errors.
pub const EXIT_ERRORS: u8 = 1;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "tdag-report",
    version,
    about = "Compiles the ITU-D report to TDAG from TOML records into PDF and DOCX"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the records and the locales.
    Check(check::CheckArgs),
    /// Build the PDF and DOCX editions.
    Build(build::BuildArgs),
    /// Build, then rebuild whenever the sources or templates change.
    Watch(watch::WatchArgs),
    /// List the fonts in use, where they come from and the scripts they cover.
    Fonts(fonts::FontsArgs),
}

/// Where the inputs are and how to print diagnostics.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Directory of the TOML records.
    #[arg(long, value_name = "DIR", default_value = "sources")]
    pub sources: PathBuf,
    /// Directory of the templates, locales and fonts.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

impl InputArgs {
    /// The input paths.
    pub fn paths(&self) -> Paths {
        Paths {
            sources: self.sources.clone(),
            templates: self.templates.clone(),
        }
    }
}

/// Prints diagnostics to stderr in the chosen format; colours only where
/// stderr is a terminal and `NO_COLOR` is unset.
pub fn print_diagnostics(diags: &[Diagnostic], format: MessageFormat) {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let mut err = anstream::stderr().lock();
    for diag in diags {
        let _ = err.write_all(diag::render(diag, format, color).as_bytes());
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 && format == MessageFormat::Human {
        let plural = if errors == 1 { "" } else { "s" };
        let _ = writeln!(
            err,
            "{}",
            diag::render_summary(
                &format!("could not continue: {errors} error{plural}"),
                color
            )
        );
    }
}

/// Prints a cargo-like status line to stderr: a right-aligned green verb,
/// then the message.
pub fn status(verb: &str, message: &str) {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Green.into()));
    let verb = if color {
        format!("{style}{verb:>12}{style:#}")
    } else {
        format!("{verb:>12}")
    };
    let _ = writeln!(anstream::stderr().lock(), "{verb} {message}");
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Fonts(args) => fonts::run(&args),
        Command::Watch(args) => watch::run(&args),
    }
}
