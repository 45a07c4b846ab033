//! `tdag-report watch`: build, then rebuild whenever a file under the
//! sources or the templates changes. The fonts and the Typst worlds stay
//! loaded, so Typst reuses what did not change; an error is printed and the
//! last good outputs stay in place.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use clap::Args;
use notify::RecursiveMode;
use notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::build::{BuildArgs, build_once};
use super::status;
use crate::build::Session;
use crate::project::Paths;
use crate::typeset::{FontOptions, FontSet};

/// How long a burst of file events may last before one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Options of `watch`: those of `build`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// What to build.
    #[command(flatten)]
    pub build: BuildArgs,
}

/// Whether a changed path should trigger a rebuild: not editors' temporary
/// files, not our own outputs.
pub fn relevant(path: &Path, out_dir: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let temporary = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let out = out_dir.canonicalize().ok();
    let ours = out.is_some_and(|out| path.starts_with(out));
    !temporary && !ours
}

/// Whether an event may have changed what a build reads. Reading a file
/// raises access events on Linux; reacting to them would rebuild forever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(modify) => !matches!(modify, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// The time of day, for watch lines: `10:15:02`.
fn clock() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:02}:{:02}:{:02} UTC",
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// Builds once, printing what happened.
fn rebuild(session: &Session, args: &BuildArgs) {
    build_once(session, args);
    // Keep Typst's caches from growing without bound over a long session.
    typst::comemo::evict(10);
}

/// Builds, then watches until interrupted.
pub fn run(args: &WatchArgs) -> u8 {
    let args = &args.build;
    let paths = args.input.paths();
    // The fonts are copied, not mapped: a font file may be rewritten while
    // the session runs.
    let fonts = FontOptions {
        map_files: false,
        ..args.fonts.options(&paths)
    };
    let session = Session::new(FontSet::new(&fonts)).keeping_caches();
    rebuild(&session, args);
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(DEBOUNCE, None, tx) {
        Ok(debouncer) => debouncer,
        Err(err) => {
            eprintln!("error: cannot watch files: {err}");
            return 1;
        }
    };
    let out = args.options(&paths).out_dir;
    let roots: [&PathBuf; 2] = [&paths.sources.real, &paths.templates.real];
    for root in roots {
        if let Err(err) = debouncer.watch(root, RecursiveMode::Recursive) {
            eprintln!("error: cannot watch {}: {err}", root.display());
            return 1;
        }
    }
    if !args.quiet {
        status(
            "Watching",
            &format!(
                "{} and {} for changes ({})",
                paths.sources.shown.display(),
                paths.templates.shown.display(),
                clock()
            ),
        );
    }
    for result in rx {
        match result {
            Ok(events) => {
                let mut changed: Vec<&PathBuf> = events
                    .iter()
                    .filter(|e| changes_content(&e.kind))
                    .flat_map(|e| e.paths.iter())
                    .filter(|p| relevant(p, &out))
                    .collect();
                changed.sort();
                changed.dedup();
                if !changed.is_empty() {
                    if !args.quiet {
                        let names: Vec<String> = changed
                            .iter()
                            .map(|p| shown(p, &paths).display().to_string())
                            .collect();
                        status("Changed", &format!("{} at {}", names.join(", "), clock()));
                    }
                    rebuild(&session, args);
                }
            }
            Err(errors) => {
                for err in errors {
                    eprintln!("warning: file watching: {err}");
                }
            }
        }
    }
    0
}

/// A changed path as the user knows it: relative to the project.
fn shown(path: &Path, paths: &Paths) -> PathBuf {
    for dir in [&paths.sources, &paths.templates] {
        let real = dir.real.canonicalize().unwrap_or_else(|_| dir.real.clone());
        if let Ok(rel) = path.strip_prefix(&real) {
            return dir.shown.join(rel);
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_outputs_do_not_trigger() {
        let out = std::env::temp_dir();
        assert!(relevant(
            Path::new("/p/sources/kap.toml"),
            Path::new("/nonexistent-out")
        ));
        assert!(!relevant(
            Path::new("/p/sources/.kap.toml.swp"),
            Path::new("/nonexistent-out")
        ));
        assert!(!relevant(
            Path::new("/p/sources/kap.toml~"),
            Path::new("/nonexistent-out")
        ));
        assert!(!relevant(&out.canonicalize().unwrap().join("x.pdf"), &out));
    }
}
