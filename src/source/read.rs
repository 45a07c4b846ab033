//! Reading source and template files: inside their root only, UTF-8 only,
//! with errors that say what is wrong with the file.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::span::SourceFile;

/// Largest file read, to stop a stray link to a huge file early.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Says what an I/O error means for the user.
pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => err.to_string(),
    }
}

/// A folder of the project: where it is, and how diagnostics name it
/// (relative to the project root, as the user knows it).
#[derive(Clone, Debug)]
pub struct Dir {
    /// The folder as the process reaches it.
    pub real: PathBuf,
    /// The folder as diagnostics show it.
    pub shown: PathBuf,
}

impl Dir {
    /// A folder shown as it is reached.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Dir {
            real: path.clone(),
            shown: path,
        }
    }

    /// The folder `rel` below this one.
    pub fn join(&self, rel: impl AsRef<Path>) -> Dir {
        Dir {
            real: self.real.join(&rel),
            shown: self.shown.join(&rel),
        }
    }

    /// Reads a file below this folder; see [`read_text_file`].
    pub fn read(&self, rel: &Path) -> Result<SourceFile, Diagnostic> {
        read_shown(&self.real, rel, &self.shown.join(rel))
    }

    /// How diagnostics name a path below this folder.
    pub fn show(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.shown.join(rel)
    }
}

/// Reads `root/rel` as UTF-8 text. Refuses paths that leave `root` (by `..`
/// or by a symbolic link), directories, and files that are not UTF-8; a
/// leading byte-order mark is dropped.
pub fn read_text_file(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    read_shown(root, rel, &root.join(rel))
}

/// [`read_text_file`], naming the file `shown` in diagnostics and spans.
fn read_shown(root: &Path, rel: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
    let path = root.join(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error("path leaves the project directory").in_file(shown));
    }
    let meta = std::fs::metadata(&path).map_err(|err| {
        let what = if err.kind() == ErrorKind::NotFound {
            "missing file".to_string()
        } else {
            format!("cannot read: {}", describe_io(&err))
        };
        Diagnostic::error(what).in_file(shown)
    })?;
    if meta.is_dir() {
        return Err(Diagnostic::error("expected a file, found a directory").in_file(shown));
    }
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(real)) => real.starts_with(&root),
        _ => false,
    };
    if !inside {
        return Err(
            Diagnostic::error("file is a link to a place outside its directory")
                .in_file(shown)
                .with_help(format!(
                    "copy the file into {} instead of linking to it",
                    root.display()
                )),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "file is {} bytes; the limit is {MAX_FILE_BYTES}",
            meta.len()
        ))
        .in_file(shown));
    }
    let bytes = std::fs::read(&path).map_err(|err| {
        Diagnostic::error(format!("cannot read: {}", describe_io(&err))).in_file(shown)
    })?;
    decode(shown.to_path_buf(), bytes)
}

/// A file's bytes as text: UTF-8 only, a leading byte-order mark dropped.
/// The error for bytes that are not UTF-8 points into the file decoded
/// lossily.
pub fn decode(path: PathBuf, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let len = err.utf8_error().error_len().unwrap_or(1);
            let bad = err.as_bytes()[at..at + len]
                .iter()
                .map(|b| format!("{b:#04x}"))
                .collect::<Vec<_>>()
                .join(" ");
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let file = SourceFile::new(path, lossy);
            Err(Diagnostic::error("file is not valid UTF-8")
                .at(
                    file.span(at..at + 3.min(file.text().len() - at)),
                    format!("invalid byte {bad}"),
                )
                .with_help("save the file as UTF-8"))
        }
    }
}
