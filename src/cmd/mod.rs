//! The command-line commands, one module each, and what they share: where
//! the project is, how diagnostics are printed, cargo-like status lines.

pub mod build;
pub mod check;
pub mod diff;
pub mod fonts;
pub mod translate;
pub mod watch;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{self, Diagnostic};
use crate::project::{Paths, find_root};

/// Exit code when the inputs have errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code for usage errors, as clap uses.
pub const EXIT_USAGE: u8 = 2;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "tdag-report",
    version,
    about = "Compiles the ITU-D report to TDAG from TOML records into PDF and DOCX"
)]
pub struct Cli {
    /// Where the project is and how to print diagnostics: before or after
    /// the command.
    #[command(flatten)]
    pub input: InputArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the records, the locales, the layout and the fonts.
    Check(check::CheckArgs),
    /// Build the PDF and DOCX editions.
    Build(build::BuildCommandArgs),
    /// Build, then rebuild whenever the sources or templates change.
    Watch(watch::WatchArgs),
    /// List the fonts in use, where they come from and the scripts they cover.
    Fonts(fonts::FontsArgs),
    /// Print what changed since a baseline: records, sections, paragraphs.
    Diff(diff::DiffArgs),
    /// Exchange the texts with translation tools as XLIFF 1.2.
    Translate(translate::TranslateArgs),
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Like rustc: message, location, source snippet, hint.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…::…`).
    Github,
}

impl From<MessageFormat> for diag::MessageFormat {
    fn from(f: MessageFormat) -> Self {
        match f {
            MessageFormat::Human => diag::MessageFormat::Human,
            MessageFormat::Json => diag::MessageFormat::Json,
            MessageFormat::Github => diag::MessageFormat::Github,
        }
    }
}

/// Where the project is and how to print diagnostics.
#[derive(Clone, Debug, Default, Args)]
pub struct InputArgs {
    /// The project folder (default: the nearest folder, from here upwards,
    /// that holds sources/report.toml).
    #[arg(long, short = 'C', value_name = "DIR", global = true)]
    pub project: Option<PathBuf>,
    /// Directory of the TOML records, relative to the project.
    #[arg(long, value_name = "DIR", default_value = "sources", global = true)]
    pub sources: PathBuf,
    /// Directory of the templates, locales, layout and fonts, relative to
    /// the project.
    #[arg(long, value_name = "DIR", default_value = "templates", global = true)]
    pub templates: PathBuf,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, global = true)]
    pub message_format: MessageFormat,
}

impl InputArgs {
    /// The project's paths: `--project`, or the folder found by walking up,
    /// or (when none is found) the current folder.
    pub fn paths(&self) -> Paths {
        let root = match &self.project {
            Some(dir) => dir.clone(),
            None => std::env::current_dir()
                .ok()
                .and_then(|cwd| {
                    let root = find_root(&cwd)?;
                    // Keep paths short when the project is the current folder.
                    Some(if root == cwd.canonicalize().ok()? {
                        PathBuf::from(".")
                    } else {
                        root
                    })
                })
                .unwrap_or_else(|| PathBuf::from(".")),
        };
        Paths::new(root, &self.sources, &self.templates)
    }

    /// The format of diagnostics.
    pub fn format(&self) -> diag::MessageFormat {
        self.message_format.into()
    }
}

/// Prints diagnostics to stderr in the chosen format; colours only where
/// stderr is a terminal and `NO_COLOR` is unset.
pub fn print_diagnostics(diags: &[Diagnostic], format: diag::MessageFormat) {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let mut err = anstream::stderr().lock();
    for d in diags {
        let _ = err.write_all(diag::render(d, format, color).as_bytes());
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 && format == diag::MessageFormat::Human {
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

/// Prints to standard output. A reader that stops early (`check | head`)
/// closes the pipe: what is left is dropped, without a panic.
pub fn print_out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Says which values of an option (`--lang`, `--parallel`, …) are not
/// configured languages, if any, with the closest one.
pub fn unknown_langs(project: &crate::Project, option: &str, langs: &[String]) -> Option<String> {
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
        "{option} {}: not a configured language; {hint}",
        unknown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Loads the baseline `reference`, printing its warnings; on failure
/// prints its errors and returns them.
pub fn load_baseline(
    paths: &Paths,
    reference: &str,
    format: diag::MessageFormat,
) -> Result<crate::revise::baseline::Baseline, Vec<Diagnostic>> {
    match crate::revise::baseline::load(paths, reference) {
        Ok(base) => {
            print_diagnostics(&base.warnings, format);
            Ok(base)
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            Err(diags)
        }
    }
}

/// A usage error: printed with the closest valid value, exit code 2.
pub fn usage_error(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "error: {message}");
    EXIT_USAGE
}

impl Command {
    /// The command's copy of the global options, which [`run`] fills in.
    fn input_mut(&mut self) -> &mut InputArgs {
        match self {
            Command::Check(args) => &mut args.input,
            Command::Build(args) => &mut args.build.input,
            Command::Fonts(args) => &mut args.input,
            Command::Watch(args) => &mut args.build.input,
            Command::Diff(args) => &mut args.input,
            Command::Translate(args) => match &mut args.action {
                translate::Action::Export(export) => &mut export.input,
                translate::Action::Import(import) => &mut import.input,
            },
        }
    }
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let Cli { input, mut command } = cli;
    *command.input_mut() = input;
    match &command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Fonts(args) => fonts::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Translate(args) => translate::run(args),
    }
}
