//! The fonts Typst may use: the pinned fonts embedded in the binary, plus
//! fonts from `--font-path` directories and, on request, the system's.

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
    /// Embedded in the binary from `templates/fonts/<file>`.
    Pinned(&'static str),
    /// Found in a `--font-path` directory.
    FontPath(PathBuf),
    /// Found among the system's fonts.
    System(PathBuf),
}

/// Which fonts to offer Typst besides the pinned ones.
#[derive(Clone, Debug, Default)]
pub struct FontOptions {
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
        for pinned in &PINNED {
            for font in Font::iter(Bytes::new(pinned.data)) {
                let info = font.info().clone();
                store.push((font, info));
                origins.push(Origin::Pinned(pinned.file));
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

/// Names a font path for messages.
pub fn display_origin(origin: &Origin) -> String {
    match origin {
        Origin::Pinned(file) => format!(
            "pinned: {}",
            Path::new("templates/fonts").join(file).display()
        ),
        Origin::FontPath(path) => format!("--font-path: {}", path.display()),
        Origin::System(path) => format!("system: {}", path.display()),
    }
}
