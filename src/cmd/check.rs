//! `tdag-report check`: validate the records and print a summary.

use clap::Args;

use super::build::FontArgs;
use super::{EXIT_ERRORS, InputArgs, print_diagnostics};
use crate::project::Project;
use crate::typeset::{FontSet, check_glyphs};

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs and diagnostics.
    #[command(flatten)]
    pub input: InputArgs,
    /// Fonts the glyph check counts on.
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// Loads and checks the project, including that the fonts can print every
/// character; prints all errors, or a summary.
pub fn run(args: &CheckArgs) -> u8 {
    let checked = Project::load(&args.input.paths()).and_then(|project| {
        let glyphs = check_glyphs(&project, &FontSet::new(&args.fonts.options()));
        if glyphs.is_empty() {
            Ok(project)
        } else {
            Err(glyphs)
        }
    });
    match checked {
        Ok(project) => {
            println!(
                "checked {}: {}",
                args.input.sources.display(),
                project.summary()
            );
            0
        }
        Err(diags) => {
            print_diagnostics(&diags, args.input.message_format);
            EXIT_ERRORS
        }
    }
}
