//! `tdag-report check`: validate the records and print a summary.

use clap::Args;

use super::{EXIT_ERRORS, InputArgs, print_diagnostics};
use crate::project::Project;

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs and diagnostics.
    #[command(flatten)]
    pub input: InputArgs,
}

/// Loads and checks the project; prints all errors, or a summary.
pub fn run(args: &CheckArgs) -> u8 {
    match Project::load(&args.input.paths()) {
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
