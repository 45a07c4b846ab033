//! The fuzz corpus as a regression suite: every input under
//! `fuzz/corpus/<target>/` goes through the fuzz target's function without
//! libFuzzer. A crash the fuzzer found stays fixed once its input is in the
//! corpus.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files of one target's corpus, in name order.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs every input, then fails naming each one that panicked.
fn run(target: &str, fuzz: fn(&[u8])) {
    let files = corpus(target);
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| fuzz(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} inputs panicked (messages above); reproduce one with\n  cargo fuzz run {target} <file>\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn records_corpus() {
    run("records", harness::records);
}

#[test]
fn placeholders_corpus() {
    run("placeholders", harness::placeholders);
}

/// Every file of the shipped project that `check` reads is a slot the
/// records target can replace: a file added to the project is fuzzed
/// without a change to the harness.
#[test]
fn every_shipped_file_is_a_slot() {
    let slots = harness::slots();
    for dir in ["sources", "sources/sections", "templates/locales"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(root()).unwrap().to_path_buf();
                let configured = !rel.starts_with("templates/locales") || slots.contains(&rel);
                assert!(
                    slots.contains(&rel) || !configured,
                    "{} is not a slot",
                    rel.display()
                );
            }
        }
    }
    assert!(slots.contains(&PathBuf::from("templates/layout.toml")));
}

/// Unchanged, the shipped files pass `check`, so that inputs that change a
/// little reach assembly.
#[test]
fn shipped_files_pass_the_check() {
    let errors = harness::shipped_errors();
    assert!(errors.is_empty(), "{}", errors.concat());
}
