//! The Typst world of one edition: the templates directory as the only
//! file root, the document model as the virtual file `/doc.json`, the
//! shared fonts, and the report date as "today".

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;
use crate::source::Dir;

/// The virtual file holding the document model.
pub const DOC_JSON: &str = "/doc.json";

/// Typst's standard library, built once per process and shared by every
/// world: building it and hashing it for Typst's caches is not free.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    let mut inputs = Dict::new();
    inputs.insert("tdag-report".into(), env!("CARGO_PKG_VERSION").into_value());
    LazyHash::new(Library::builder().with_inputs(inputs).build())
});

/// A file id in the project root.
pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A Typst world serving the templates and one document model.
pub struct ReportWorld {
    fonts: Arc<FontSet>,
    templates: Dir,
    root: PathBuf,
    main: FileId,
    doc_json: Bytes,
    today: Datetime,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl ReportWorld {
    /// A world compiling `main` (e.g. `/report.typ`) from the templates
    /// directory `root` with `doc_json` as `/doc.json`.
    pub fn new(
        templates: &Dir,
        main: &str,
        doc_json: Vec<u8>,
        fonts: Arc<FontSet>,
        today: Datetime,
    ) -> Self {
        ReportWorld {
            fonts,
            templates: templates.clone(),
            root: templates.real.clone(),
            main: file_id(main)
                .unwrap_or_else(|| file_id("/report.typ").expect("a plain path is valid")),
            doc_json: Bytes::new(doc_json),
            today,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        }
    }

    /// The templates folder.
    pub fn templates(&self) -> &Dir {
        &self.templates
    }

    /// Replaces the document model and forgets cached template files, so
    /// the next compilation sees the current state; Typst's own caches keep
    /// whatever did not change.
    pub fn update(&mut self, doc_json: Vec<u8>) {
        self.doc_json = Bytes::new(doc_json);
        self.files
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.sources
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The path on disk of a file id, or why it cannot be read. Only files
    /// under the templates directory are served; links leading out of it
    /// are refused.
    pub fn path(&self, id: FileId) -> FileResult<PathBuf> {
        if *id.root() != VirtualRoot::Project {
            return Err(FileError::Other(Some(
                "packages are not available to the report template".into(),
            )));
        }
        let path = id
            .vpath()
            .realize(&self.root)
            .map_err(|_| FileError::AccessDenied)?;
        let root = self
            .root
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &self.root))?;
        let real = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&root) {
            return Err(FileError::AccessDenied);
        }
        Ok(path)
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == file_id(DOC_JSON) {
            return Ok(self.doc_json.clone());
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .entry(id)
            .or_insert_with(|| {
                let path = self.path(id)?;
                if path.is_dir() {
                    return Err(FileError::IsDirectory);
                }
                std::fs::read(&path)
                    .map(Bytes::new)
                    .map_err(|e| FileError::from_io(e, &path))
            })
            .clone()
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(source) = sources.get(&id) {
            return source.clone();
        }
        let source = self.read(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        });
        sources.insert(id, source.clone());
        source
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
