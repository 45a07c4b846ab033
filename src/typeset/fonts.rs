//! The fonts Typst may use: the pinned fonts of `templates/fonts/`, read
//! at run time (so that a font dropped there, or a new subset, takes
//! effect on the next build), the copies embedded in the binary when that
//! folder is missing, fonts from `--font-path` directories and, on
//! request, the system's.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

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
pub const PINNED: [Pinned; 8] = pinned![
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
    "NotoSerifCJKsc-Regular.otf",
    "NotoSerifCJKsc-Bold.otf",
    "Amiri-Regular.ttf",
    "Amiri-Bold.ttf",
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
    /// Whether the pinned font files are mapped into memory instead of
    /// copied. Mapping costs next to nothing (a copy of the 11 MB of fonts
    /// is about 7 ms of CPU, most of it the kernel's), but a file that is
    /// rewritten while mapped changes under Typst: for commands that end
    /// with their build, not for `watch`.
    pub map_files: bool,
}

/// Every font Typst may use, loaded once and shared by all editions.
///
/// The fonts are read and parsed on a thread of their own, started by
/// [`FontSet::new`], so that this overlaps with loading and checking the
/// records; the first question asked of the set waits for it.
pub struct FontSet {
    loaded: OnceLock<Loaded>,
    loading: Mutex<Option<LoadFn>>,
}

/// What waits for the fonts: the loading thread's handle, or the loading
/// itself when no thread could be started.
type LoadFn = Box<dyn FnOnce() -> Loaded + Send>;

/// The loaded fonts.
struct Loaded {
    store: FontStore,
    origins: Vec<Origin>,
    /// The code points some font covers, as sorted, disjoint, inclusive
    /// ranges. The glyph check asks about every character of every text;
    /// a font's own coverage is a list of runs read from its start, which
    /// for the Chinese fonts' thousands of runs was most of the check.
    coverage: Vec<(u32, u32)>,
}

impl FontSet {
    /// The pinned fonts and those the options add, pinned first (so they
    /// win when families collide).
    pub fn new(options: &FontOptions) -> FontSet {
        let options = options.clone();
        let for_thread = options.clone();
        let load: LoadFn = match std::thread::Builder::new()
            .name("fonts".into())
            .spawn(move || Loaded::new(&for_thread))
        {
            Ok(handle) => Box::new(move || match handle.join() {
                Ok(loaded) => loaded,
                Err(panic) => std::panic::resume_unwind(panic),
            }),
            Err(_) => Box::new(move || Loaded::new(&options)),
        };
        FontSet {
            loaded: OnceLock::new(),
            loading: Mutex::new(Some(load)),
        }
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| {
            let load = self
                .loading
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("the fonts are loaded once");
            load()
        })
    }

    /// The font book for Typst.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.loaded().store.book()
    }

    /// A font by index in the book.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.loaded().store.font(index)
    }

    /// Every font with its metadata and origin.
    pub fn list(&self) -> Vec<(&FontInfo, &Origin)> {
        let loaded = self.loaded();
        (0..loaded.origins.len())
            .filter_map(|i| Some((self.book().info(i)?, &loaded.origins[i])))
            .collect()
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let c = u32::from(c);
        let coverage = &self.loaded().coverage;
        let i = coverage.partition_point(|&(_, last)| last < c);
        coverage.get(i).is_some_and(|&(first, _)| first <= c)
    }

    /// Whether a font family by this name is present.
    pub fn has_family(&self, family: &str) -> bool {
        self.book().contains_family(family)
    }
}

impl Loaded {
    fn new(options: &FontOptions) -> Loaded {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        let mut push = |data: Bytes, origin: Origin| {
            for font in Font::iter(data) {
                let info = font.info().clone();
                store.push((font, info));
                origins.push(origin.clone());
            }
        };
        match options
            .pinned_dir
            .as_deref()
            .map(|dir| font_files(dir, options.map_files))
        {
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
        let book = store.book();
        let coverage = ranges((0..origins.len()).filter_map(|i| book.info(i)));
        Loaded {
            store,
            origins,
            coverage,
        }
    }
}

/// The union of the fonts' coverage as sorted, disjoint, inclusive ranges.
fn ranges<'a>(infos: impl Iterator<Item = &'a FontInfo>) -> Vec<(u32, u32)> {
    let mut all: Vec<(u32, u32)> = Vec::new();
    for info in infos {
        for c in info.coverage.iter() {
            match all.last_mut() {
                Some((_, last)) if *last + 1 == c => *last = c,
                _ => all.push((c, c)),
            }
        }
    }
    all.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(all.len());
    for (first, last) in all {
        match merged.last_mut() {
            Some((_, end)) if first <= end.saturating_add(1) => *end = (*end).max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// The font files of a folder (`.ttf`, `.otf`, `.ttc`), by name, mapped
/// or copied into memory.
fn font_files(dir: &Path, map: bool) -> Vec<(PathBuf, memmap2::Mmap)> {
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
        .filter_map(|p| font_bytes(&p, map).ok().map(|data| (p, data)))
        .collect()
}

/// A font file's bytes: the file mapped into memory, or a copy of it in
/// pages of their own, filled all at once (a buffer from the allocator
/// would be faulted in page by page as the read fills it).
fn font_bytes(path: &Path, map: bool) -> std::io::Result<memmap2::Mmap> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    if len == 0 {
        return Err(std::io::Error::other("an empty file"));
    }
    if map {
        // SAFETY: the mapping is only read. A font file rewritten while the
        // command runs would change under it: the command ends with its
        // build (see `FontOptions::map_files`), and the fonts are the
        // project's own, which nothing else writes meanwhile.
        return unsafe { memmap2::MmapOptions::new().len(len).map(&file) };
    }
    let mut pages = memmap2::MmapOptions::new().len(len).populate().map_anon()?;
    file.read_exact(&mut pages)?;
    pages.make_read_only()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pinned fonts mapped and copied are the same fonts, byte for
    /// byte, in the same order.
    #[test]
    fn mapped_fonts_are_the_copied_ones() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/fonts");
        let with = |map_files: bool| {
            FontSet::new(&FontOptions {
                pinned_dir: Some(dir.clone()),
                map_files,
                ..FontOptions::default()
            })
        };
        let (mapped, copied) = (with(true), with(false));
        let n = mapped.list().len();
        assert_eq!(n, PINNED.len());
        assert_eq!(n, copied.list().len());
        for i in 0..n {
            assert_eq!(mapped.list()[i].1, copied.list()[i].1);
            assert!(matches!(mapped.list()[i].1, Origin::Pinned(_)));
            let (a, b) = (mapped.font(i).unwrap(), copied.font(i).unwrap());
            assert_eq!(a.data().as_slice(), b.data().as_slice());
        }
    }

    /// The coverage ranges say what the fonts' own coverage says, at every
    /// range's edges and at code points spread over the whole range.
    #[test]
    fn coverage_ranges_agree_with_the_fonts() {
        let set = FontSet::new(&FontOptions::default());
        let book = set.book();
        let n = set.list().len();
        let any = |c: u32| (0..n).any(|i| book.info(i).is_some_and(|f| f.coverage.contains(c)));
        let coverage = &set.loaded().coverage;
        assert!(coverage.windows(2).all(|w| w[0].1 + 1 < w[1].0));
        let edges = coverage
            .iter()
            .flat_map(|&(a, b)| [a.saturating_sub(1), a, b, b + 1]);
        for c in edges.chain((0..0x3_0000).step_by(61)) {
            if let Some(ch) = char::from_u32(c) {
                assert_eq!(set.covers(ch), any(c), "U+{c:04X}");
            }
        }
    }
}
