//! The fonts Typst may use: the pinned fonts of `templates/fonts/`, read
//! at run time (so that a font dropped there, or a new subset, takes
//! effect on the next build), the copies embedded in the binary when that
//! folder is missing, fonts from `--font-path` directories and, on
//! request, the system's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// A font file pinned in `templates/fonts/` and embedded in the binary.
pub struct Pinned {
    /// File name under `templates/fonts/`.
    pub file: &'static str,
    /// The file's bytes.
    pub data: &'static [u8],
}

/// Pins a font file of `templates/fonts/`, embedding it at build time.
macro_rules! pinned {
    ($($file:literal),* $(,)?) => {
        [$(Pinned { file: $file, data: include_bytes!(concat!("../../templates/fonts/", $file)) }),*]
    };
}

/// The pinned fonts.
pub const PINNED: [Pinned; 6] = pinned![
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
    "NotoSerifCJKsc-Regular.otf",
    "NotoSerifCJKsc-Bold.otf",
];

/// Where a font comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file of the project's `templates/fonts/`.
    Pinned(PathBuf),
    /// Embedded in the binary from `templates/fonts/<file>`.
    Embedded(&'static str),
    /// Found in a `--font-path` directory.
    FontPath(PathBuf),
    /// Found among the system's fonts.
    System(PathBuf),
}

/// Which fonts to offer Typst.
#[derive(Clone, Debug, Default)]
pub struct FontOptions {
    /// The project's `templates/fonts/`, if it has one: read instead of
    /// the embedded copies.
    pub pinned_dir: Option<PathBuf>,
    /// Directories to search for more fonts.
    pub font_paths: Vec<PathBuf>,
    /// Whether to add the system's fonts.
    pub system_fonts: bool,
}

/// Every font Typst may use, loaded once and shared by all editions.
pub struct FontSet {
    store: FontStore,
    origins: Vec<Origin>,
    coverage: Mutex<HashMap<char, bool>>,
}

impl FontSet {
    /// The pinned fonts and those the options add, pinned first (so they
    /// win when families collide).
    pub fn new(options: &FontOptions) -> FontSet {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        let mut push = |data: Bytes, origin: Origin| {
            for font in Font::iter(data) {
                let info = font.info().clone();
                store.push((font, info));
                origins.push(origin.clone());
            }
        };
        match options.pinned_dir.as_deref().map(font_files) {
            Some(files) if !files.is_empty() => {
                for (path, data) in files {
                    push(Bytes::new(data), Origin::Pinned(path));
                }
            }
            _ => {
                for pinned in &PINNED {
                    push(Bytes::new(pinned.data), Origin::Embedded(pinned.file));
                }
            }
        }
        let mut add = |found: Vec<(FontPath, FontInfo)>, origin: fn(PathBuf) -> Origin| {
            for (path, info) in found {
                origins.push(origin(path.path.clone()));
                store.push((path, info));
            }
        };
        for dir in &options.font_paths {
            add(typst_kit::fonts::scan(dir).collect(), Origin::FontPath);
        }
        if options.system_fonts {
            add(typst_kit::fonts::system().collect(), Origin::System);
        }
        FontSet {
            store,
            origins,
            coverage: Mutex::new(HashMap::new()),
        }
    }

    /// The font book for Typst.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// A font by index in the book.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Every font with its metadata and origin.
    pub fn list(&self) -> Vec<(&FontInfo, &Origin)> {
        (0..self.origins.len())
            .filter_map(|i| Some((self.book().info(i)?, &self.origins[i])))
            .collect()
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let mut cache = self.coverage.lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(c).or_insert_with(|| {
            (0..self.origins.len()).any(|i| {
                self.book()
                    .info(i)
                    .is_some_and(|info| info.coverage.contains(u32::from(c)))
            })
        })
    }

    /// Whether a font family by this name is present.
    pub fn has_family(&self, family: &str) -> bool {
        self.book().contains_family(family)
    }
}

/// The font files of a folder (`.ttf`, `.otf`, `.ttc`), by name.
fn font_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            })
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|data| (p, data)))
        .collect()
}

impl crate::check::Coverage for FontSet {
    fn covers(&self, c: char) -> bool {
        FontSet::covers(self, c)
    }
}

/// Names a font path for messages.
pub fn display_origin(origin: &Origin) -> String {
    match origin {
        Origin::Pinned(path) => format!("pinned: {}", path.display()),
        Origin::Embedded(file) => format!(
            "embedded copy of {}",
            Path::new("templates/fonts").join(file).display()
        ),
        Origin::FontPath(path) => format!("--font-path: {}", path.display()),
        Origin::System(path) => format!("system: {}", path.display()),
    }
}
