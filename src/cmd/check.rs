//! `tdag-report check`: validate the records and print a summary.

use clap::Args;

use super::build::FontArgs;
use super::{EXIT_ERRORS, InputArgs, print_diagnostics};
use crate::check::{Options, check_glyphs};
use crate::project::Project;
use crate::typeset::FontSet;

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: InputArgs,
    /// Fonts the glyph check counts on.
    #[command(flatten)]
    pub fonts: FontArgs,
    /// Languages whose missing texts are counted rather than errors
    /// (comma-separated), to work on a language before it is complete.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub allow_missing: Vec<String>,
    /// Also compile the templates, as `build` does (slower).
    #[arg(long)]
    pub full: bool,
    /// Warn for every text whose original changed since REF (a git
    /// revision or a folder) while a translation of it did not.
    #[arg(long, value_name = "REF")]
    pub baseline: Option<String>,
}

/// Loads and checks the project, including that the fonts can print every
/// character; prints all problems, or a summary.
pub fn run(args: &CheckArgs) -> u8 {
    let paths = args.input.paths();
    let options = Options {
        allow_missing: args.allow_missing.clone(),
        ..Options::default()
    };
    let format = args.input.format();
    // The fonts load on a thread of their own while the records are read.
    let fonts = FontSet::new(&args.fonts.options(&paths));
    let project = match Project::load(&paths, &options) {
        Ok(project) => project,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return EXIT_ERRORS;
        }
    };
    if let Some(message) = super::unknown_langs(&project, "--allow-missing", &args.allow_missing) {
        return super::usage_error(&message);
    }
    let complete: Vec<&crate::locale::LocaleFile> = project
        .locales
        .iter()
        .filter(|l| !args.allow_missing.iter().any(|a| a == l.code()))
        .collect();
    let mut diags = project.report.diags.clone();
    diags.extend(check_glyphs(
        &project.model,
        &project.locales.iter().collect::<Vec<_>>(),
        &fonts,
    ));
    if let Some(reference) = &args.baseline {
        match crate::revise::stale::since(&paths, &project.model, reference) {
            Ok(warnings) | Err(warnings) => diags.extend(warnings),
        }
    }
    if args.full && !diags.iter().any(|d| d.is_error()) {
        let session = crate::build::Session::new(fonts);
        let options = crate::build::BuildOptions {
            langs: complete.iter().map(|l| l.code().to_string()).collect(),
            ..Default::default()
        };
        match session
            .plan(&project, &options, None)
            .and_then(|editions| session.compile_all(&project, &editions))
        {
            Ok(warnings) => diags.extend(warnings),
            Err(errors) => diags.extend(errors),
        }
    }
    print_diagnostics(&diags, format);
    if diags.iter().any(|d| d.is_error()) {
        return EXIT_ERRORS;
    }
    super::print_out(&format!(
        "checked {}: {}\n",
        paths.sources.shown.display(),
        project.summary()
    ));
    let coverage: Vec<String> = project
        .report
        .coverage
        .iter()
        .map(|(lang, given, missing)| match missing {
            0 => format!("{lang} {given}"),
            m => format!("{lang} {given} ({m} missing)"),
        })
        .collect();
    super::print_out(&format!("texts: {}\n", coverage.join(", ")));
    0
}
