//! The `tdag-report` command line.

use std::process::ExitCode;

use clap::Parser;

/// Typst allocates many small objects; mimalloc makes that and the page
/// faults behind it cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tdag_report::cmd::Cli::parse();
    ExitCode::from(tdag_report::cmd::run(cli))
}
