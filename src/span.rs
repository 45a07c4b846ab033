//! Files held in memory (records, locales, templates) and byte spans into
//! them, which every diagnostic points at.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A text file read for the report (a record file, a locale or a template),
/// with the path to show in diagnostics.
#[derive(Clone)]
pub struct SourceFile(Arc<Inner>);

struct Inner {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps `text`, read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile(Arc::new(Inner {
            path: path.into(),
            text,
            line_starts,
        }))
    }

    /// The path as shown to the user.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.0.text.len()));
        let line = self.line_index(offset);
        let start = self.0.line_starts[line];
        let col = self.0.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// 0-based index of the line holding a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.0.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a 0-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let text = &self.0.text;
        let start = self.0.line_starts[line];
        let end = self
            .0
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// A span of this file.
    pub fn span(&self, range: Range<usize>) -> Span {
        Span {
            file: self.clone(),
            range,
        }
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.0.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SourceFile({})", self.0.path.display())
    }
}

/// A byte range in a source file.
#[derive(Clone, Debug)]
pub struct Span {
    /// The file.
    pub file: SourceFile,
    /// Byte range in the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// `path:line:col` of the span's start.
    pub fn location(&self) -> String {
        let (line, col) = self.file.line_col(self.range.start);
        format!("{}:{line}:{col}", self.file.path().display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("a.toml", "x = 1\r\ntitle = \"非洲\" # é\nlast".into());
        assert_eq!(file.line_col(0), (1, 1));
        let idx = file.text().find('#').unwrap();
        assert_eq!(file.line_col(idx), (2, 14));
        assert_eq!(file.line_col(file.text().len()), (3, 5));
        assert_eq!(&file.text()[file.line_range(0)], "x = 1");
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let file = SourceFile::new("a", "非洲".into());
        assert_eq!(file.line_col(1), (1, 1));
        assert_eq!(file.line_col(3), (1, 2));
    }
}
