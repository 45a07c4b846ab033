//! Writing outputs: atomically (each file is written to a temporary file in
//! the same directory and renamed over the old one, so a reader sees the
//! previous file or the new one, never a part of either), under clean file
//! names, and with a manifest of what was written, so that outputs a new
//! document number or language set made stale are removed, and only those.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// The manifest of the files a build wrote, in the output directory.
pub const MANIFEST: &str = ".tdag-report-outputs";

/// The output file name of an edition: `TDAG-23/XX` in Chinese as PDF is
/// `TDAG-23-XX-C.pdf`; characters other than letters, digits, `.` and `_`
/// become single hyphens: `TDAG-23/XX(Rev.1)` gives `TDAG-23-XX-Rev.1`.
pub fn file_name(document: &str, letters: &str, extension: &str) -> String {
    let mut stem = String::new();
    for c in document.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches(['-', '.']);
    let stem = if stem.is_empty() { "report" } else { stem };
    format!("{stem}-{letters}.{extension}")
}

/// Writes `bytes` to `path` atomically, creating the directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |what: &str, err: std::io::Error| {
        Diagnostic::error(format!(
            "cannot write the output: {what}: {}",
            crate::source::describe_io(&err)
        ))
        .in_file(path)
    };
    let dir: PathBuf = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| fail("creating its directory", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail("creating a temporary file", e))?;
    tmp.write_all(bytes).map_err(|e| fail("writing", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("syncing", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| fail("setting permissions", e))?;
    }
    tmp.persist(path)
        .map_err(|e| fail("renaming into place", e.error))?;
    Ok(())
}

/// The manifest: one file name per line.
pub struct Manifest;

impl Manifest {
    /// Records the files just written and removes those an earlier build of
    /// this directory wrote that the project can no longer produce (a new
    /// document number, a language dropped); files of the editions this
    /// build left out (`--lang`, `--format`) stay. Returns what it removed.
    pub fn update(
        dir: &Path,
        written: &[PathBuf],
        producible: &[String],
    ) -> Result<Vec<PathBuf>, Diagnostic> {
        let path = dir.join(MANIFEST);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let mut names: Vec<String> = written
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let mut removed = Vec::new();
        let listed = old
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty() && !n.starts_with('#'));
        for name in listed {
            // Only plain names of this directory, never a path.
            if name.contains(['/', '\\'])
                || name.starts_with('.')
                || names.iter().any(|n| n == name)
            {
                continue;
            }
            if producible.iter().any(|p| p == name) {
                names.push(name.to_string());
                continue;
            }
            let stale = dir.join(name);
            if stale.is_file() && std::fs::remove_file(&stale).is_ok() {
                removed.push(stale);
            }
        }
        names.sort();
        names.dedup();
        let mut text = String::from(
            "# Files written by tdag-report build; stale ones are removed on the next build.\n",
        );
        for name in &names {
            text.push_str(name);
            text.push('\n');
        }
        write_atomic(&path, text.as_bytes())?;
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_clean() {
        assert_eq!(file_name("TDAG-23/XX", "C", "pdf"), "TDAG-23-XX-C.pdf");
        assert_eq!(
            file_name("TDAG-23/XX(Rev.1)", "E", "docx"),
            "TDAG-23-XX-Rev.1-E.docx"
        );
        assert_eq!(file_name("a b/../c", "E", "docx"), "a-b-..-c-E.docx");
        assert_eq!(file_name("///", "CE", "pdf"), "report-CE.pdf");
    }

    #[test]
    fn replaces_the_old_file_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/x.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.pdf")]);
    }

    #[test]
    fn stale_outputs_go_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in ["A-C.pdf", "B-C.pdf", "mine.txt"] {
            std::fs::write(d.join(name), "x").unwrap();
        }
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Manifest::update(d, &[d.join("A-C.pdf")], &names(&["A-C.pdf", "A-E.pdf"])).unwrap();
        // The document is renumbered B: A's files are stale.
        let removed =
            Manifest::update(d, &[d.join("B-C.pdf")], &names(&["B-C.pdf", "B-E.pdf"])).unwrap();
        assert_eq!(removed, vec![d.join("A-C.pdf")]);
        assert!(d.join("B-C.pdf").exists() && d.join("mine.txt").exists());
        // A build of one language leaves the other's files.
        std::fs::write(d.join("B-E.pdf"), "x").unwrap();
        Manifest::update(d, &[d.join("B-E.pdf")], &names(&["B-C.pdf", "B-E.pdf"])).unwrap();
        let removed =
            Manifest::update(d, &[d.join("B-C.pdf")], &names(&["B-C.pdf", "B-E.pdf"])).unwrap();
        assert!(removed.is_empty() && d.join("B-E.pdf").exists());
    }
}
