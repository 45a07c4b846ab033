//! The `tdag-report` command line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tdag_report::alloc::tune();
    let cli = tdag_report::cmd::Cli::parse();
    ExitCode::from(tdag_report::cmd::run(cli))
}
