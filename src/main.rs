//! The `tdag-report` command line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tdag_report::cmd::Cli::parse();
    ExitCode::from(tdag_report::cmd::run(cli))
}
