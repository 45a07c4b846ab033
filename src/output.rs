//! Writing outputs atomically: each file is written to a temporary file in
//! the same directory and renamed over the old one, so a reader sees either
//! the previous file or the new one, never a part of either.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Characters allowed in output file names; others become `-`.
fn file_name_char(c: char) -> char {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
        c
    } else {
        '-'
    }
}

/// The output file name of an edition: `TDAG-23/XX` in Chinese as PDF is
/// `TDAG-23-XX-C.pdf`.
pub fn file_name(document: &str, letter: &str, extension: &str) -> String {
    let stem: String = document.chars().map(file_name_char).collect();
    format!("{stem}-{letter}.{extension}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("TDAG-23/XX", "C", "pdf"), "TDAG-23-XX-C.pdf");
        assert_eq!(file_name("a b/../c", "E", "docx"), "a-b-..-c-E.docx");
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
}
