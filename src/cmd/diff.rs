//! `tdag-report diff --baseline REF`: what changed since a baseline, one
//! line per change with its place in the sources; as JSON lines or as
//! GitHub notices on the changed lines for machines.

use clap::Args;
use serde::Serialize;

use super::{EXIT_ERRORS, InputArgs, print_diagnostics};
use crate::check::Options;
use crate::diag::MessageFormat;
use crate::project::Project;
use crate::revise::summary::{Change, How, changes};

/// Options of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: InputArgs,
    /// The baseline: a git revision (a tag, HEAD~1, a commit) or the
    /// folder of an earlier copy of the project.
    #[arg(long, value_name = "REF")]
    pub baseline: String,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    change: How,
    what: &'a str,
    which: &'a str,
    fields: &'a [String],
    file: String,
    line: usize,
    column: usize,
}

/// The changes as the chosen format prints them.
pub fn render(changes: &[Change], format: MessageFormat) -> String {
    let mut out = String::new();
    for c in changes {
        let (line, column) = c.span.file.line_col(c.span.range.start);
        let file = c.span.file.path().display().to_string();
        match format {
            MessageFormat::Human => {
                out.push_str(&format!("{} at {file}:{line}:{column}\n", c.describe()))
            }
            MessageFormat::Json => {
                let json = JsonChange {
                    change: c.how,
                    what: &c.what,
                    which: &c.which,
                    fields: &c.fields,
                    file,
                    line,
                    column,
                };
                out.push_str(&serde_json::to_string(&json).unwrap_or_default());
                out.push('\n');
            }
            MessageFormat::Github if c.how != How::Removed => {
                out.push_str(&format!(
                    "::notice file={file},line={line},col={column}::{}\n",
                    c.describe()
                ));
            }
            MessageFormat::Github => out.push_str(&format!(
                "::notice::{} (was at {file}:{line})\n",
                c.describe()
            )),
        }
    }
    out
}

/// Loads both sides and prints what changed.
pub fn run(args: &DiffArgs) -> u8 {
    let paths = args.input.paths();
    let format = args.input.format();
    let project = match Project::load(&paths, &Options::default()) {
        Ok(p) => p,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return EXIT_ERRORS;
        }
    };
    let Ok(base) = super::load_baseline(&paths, &args.baseline, format) else {
        return EXIT_ERRORS;
    };
    let found = changes(&base.project.model, &project.model);
    if found.is_empty() && format == MessageFormat::Human {
        super::print_out(&format!("no changes since {}\n", args.baseline));
    } else {
        super::print_out(&render(&found, format));
    }
    0
}
