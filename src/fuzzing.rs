//! Fuzzing entry points, as plain functions so that the cargo-fuzz targets
//! in `fuzz/` and the corpus regression test (`tests/fuzz_corpus.rs`) run
//! the same code. Not part of the library's interface.
//!
//! Both functions take arbitrary bytes and panic only on a bug: a panic
//! anywhere in loading, checking, assembling or printing diagnostics, or a
//! broken invariant asserted here.
//!
//! Everything happens in memory: the files that are not being fuzzed are
//! the shipped ones, embedded at compile time.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::assemble;
use crate::check;
use crate::diag::{self, Diagnostic, Diagnostics, MessageFormat};
use crate::index::{Index, Record, TextRef};
use crate::locale::{self, LOCALES_DIR, Locale};
use crate::placeholder::{self, Piece};
use crate::project::{Paths, Project};
use crate::resolve::Resolver;
use crate::source::{self, Loaded, RECORD_FILES, SECTIONS_DIR, SourceFile, Sources, Text};

/// The shipped record files, in the order of [`RECORD_FILES`].
const RECORD_TEXTS: [&str; 9] = [
    include_str!("../sources/report.toml"),
    include_str!("../sources/outputs.toml"),
    include_str!("../sources/kap.toml"),
    include_str!("../sources/regions.toml"),
    include_str!("../sources/initiatives.toml"),
    include_str!("../sources/study-groups.toml"),
    include_str!("../sources/questions.toml"),
    include_str!("../sources/resolutions.toml"),
    include_str!("../sources/figures.toml"),
];

/// The shipped section files, by name under `sources/sections/`.
const SECTION_FILES: [(&str, &str); 6] = [
    (
        "1-introduction.toml",
        include_str!("../sources/sections/1-introduction.toml"),
    ),
    (
        "2-analysis-of-outcomes.toml",
        include_str!("../sources/sections/2-analysis-of-outcomes.toml"),
    ),
    (
        "3-kigali-action-plan.toml",
        include_str!("../sources/sections/3-kigali-action-plan.toml"),
    ),
    (
        "4-regional-initiatives.toml",
        include_str!("../sources/sections/4-regional-initiatives.toml"),
    ),
    (
        "5-study-group-questions.toml",
        include_str!("../sources/sections/5-study-group-questions.toml"),
    ),
    (
        "6-resolutions.toml",
        include_str!("../sources/sections/6-resolutions.toml"),
    ),
];

/// The name of the section file [`records`] adds after the shipped ones.
const EXTRA_SECTION: &str = "7-fuzz.toml";

/// The shipped locales, by language code.
const LOCALE_FILES: [(&str, &str); 2] = [
    ("zh", include_str!("../templates/locales/zh.toml")),
    ("en", include_str!("../templates/locales/en.toml")),
];

/// How many files [`records`] can put the input in: the record files, the
/// section files, one new section file and the locales.
pub const SLOTS: usize = RECORD_TEXTS.len() + SECTION_FILES.len() + 1 + LOCALE_FILES.len();

/// The file that [`records`] reads its input as, chosen by the first byte
/// of the input modulo [`SLOTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// `sources/<RECORD_FILES[i]>` (selectors 0 to 8).
    Record(usize),
    /// `sources/sections/<the i-th shipped section>` (selectors 9 to 14).
    Section(usize),
    /// A seventh section file, `sources/sections/7-fuzz.toml` (selector 15).
    NewSection,
    /// `templates/locales/<LOCALE_FILES[i]>.toml` (selectors 16 and 17).
    Locale(usize),
}

impl Slot {
    /// The slot a selector byte picks.
    pub fn from_selector(byte: u8) -> Slot {
        let mut i = usize::from(byte) % SLOTS;
        if i < RECORD_TEXTS.len() {
            return Slot::Record(i);
        }
        i -= RECORD_TEXTS.len();
        if i < SECTION_FILES.len() {
            return Slot::Section(i);
        }
        i -= SECTION_FILES.len();
        if i == 0 {
            return Slot::NewSection;
        }
        Slot::Locale(i - 1)
    }

    /// The selector byte of this slot (the smallest one).
    pub fn selector(self) -> u8 {
        let i = match self {
            Slot::Record(i) => i,
            Slot::Section(i) => RECORD_TEXTS.len() + i,
            Slot::NewSection => RECORD_TEXTS.len() + SECTION_FILES.len(),
            Slot::Locale(i) => RECORD_TEXTS.len() + SECTION_FILES.len() + 1 + i,
        };
        u8::try_from(i).expect("fewer than 256 slots")
    }

    /// The file's path relative to the project root, e.g.
    /// `sources/sections/1-introduction.toml`.
    pub fn path(self) -> PathBuf {
        let sources = Paths::default().sources;
        let templates = Paths::default().templates;
        match self {
            Slot::Record(i) => sources.join(RECORD_FILES[i]),
            Slot::Section(i) => sources.join(SECTIONS_DIR).join(SECTION_FILES[i].0),
            Slot::NewSection => sources.join(SECTIONS_DIR).join(EXTRA_SECTION),
            Slot::Locale(i) => templates
                .join(LOCALES_DIR)
                .join(format!("{}.toml", LOCALE_FILES[i].0)),
        }
    }

    /// The shipped text of the file, if there is one.
    pub fn shipped(self) -> Option<&'static str> {
        match self {
            Slot::Record(i) => Some(RECORD_TEXTS[i]),
            Slot::Section(i) => Some(SECTION_FILES[i].1),
            Slot::NewSection => None,
            Slot::Locale(i) => Some(LOCALE_FILES[i].1),
        }
    }

    /// Every slot, in selector order.
    pub fn all() -> impl Iterator<Item = Slot> {
        (0..SLOTS).map(|i| Slot::from_selector(u8::try_from(i).expect("fewer than 256 slots")))
    }
}

/// Fuzzes loading: the first byte picks a file (see [`Slot`]), the rest is
/// its content, and the whole pipeline runs as `tdag-report check` and
/// `build` would run it up to the document model, with the shipped files
/// for everything else. Every diagnostic is printed in every format.
pub fn records(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let slot = Slot::from_selector(selector);
    let mut diags = Diagnostics::new();
    let file = decode(slot.path(), rest, &mut diags);
    let _ = source::string_values(&file);
    // The shipped files parse the same way every time: parse them once and
    // swap the input's file in (parsing them all again would be most of the
    // time of a run). A run that panics loses the cache; the next reloads.
    let mut sources = SOURCES
        .with(|cache| cache.borrow_mut().take())
        .unwrap_or_else(load_shipped);
    if let Some(restore) = swap_in(&mut sources, slot, file.clone(), &mut diags) {
        sources = pipeline(sources, slot, &file, &mut diags);
        restore(&mut sources);
    }
    SOURCES.with(|cache| *cache.borrow_mut() = Some(sources));
    for diag in &diags {
        render_all(diag);
    }
}

thread_local! {
    /// The shipped sources, parsed, between runs of [`records`].
    static SOURCES: RefCell<Option<Sources>> = const { RefCell::new(None) };
}

/// Puts a file back where [`swap_in`] took it from.
type Restore = Box<dyn FnOnce(&mut Sources)>;

/// Parses `file` as the file of `slot` and puts it into `sources`; `None`
/// with the parse error in `diags` when it does not parse.
fn swap_in(
    sources: &mut Sources,
    slot: Slot,
    file: SourceFile,
    diags: &mut Diagnostics,
) -> Option<Restore> {
    fn swap<T: DeserializeOwned + 'static>(
        sources: &mut Sources,
        field: fn(&mut Sources) -> &mut Loaded<T>,
        file: SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<Restore> {
        let new = parse(file, diags)?;
        let old = std::mem::replace(field(sources), new);
        Some(Box::new(move |sources| *field(sources) = old))
    }
    match slot {
        Slot::Record(0) => swap(sources, |s| &mut s.report, file, diags),
        Slot::Record(1) => swap(sources, |s| &mut s.outputs, file, diags),
        Slot::Record(2) => swap(sources, |s| &mut s.kap, file, diags),
        Slot::Record(3) => swap(sources, |s| &mut s.regions, file, diags),
        Slot::Record(4) => swap(sources, |s| &mut s.initiatives, file, diags),
        Slot::Record(5) => swap(sources, |s| &mut s.study_groups, file, diags),
        Slot::Record(6) => swap(sources, |s| &mut s.questions, file, diags),
        Slot::Record(7) => swap(sources, |s| &mut s.resolutions, file, diags),
        Slot::Record(_) => swap(sources, |s| &mut s.figures, file, diags),
        Slot::Section(i) => {
            let new = parse(file, diags)?;
            let old = std::mem::replace(&mut sources.sections[i], new);
            Some(Box::new(move |sources| sources.sections[i] = old))
        }
        Slot::NewSection => {
            let new = parse(file, diags)?;
            sources.sections.push(new);
            Some(Box::new(|sources| {
                sources.sections.pop();
            }))
        }
        // Locales are parsed on every run, for every language that has one.
        Slot::Locale(_) => Some(Box::new(|_| {})),
    }
}

/// The errors of the shipped files, printed: none, or every input of
/// [`records`] stops before assembly.
pub fn shipped_errors() -> Vec<String> {
    let sources = load_shipped();
    let mut diags = Diagnostics::new();
    if let Some(locales) = load_locales(&sources, None, &mut diags) {
        diags.extend(check::check(&sources, &locales));
    }
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| diag::render(d, MessageFormat::Human, false))
        .collect()
}

/// Decodes a file's bytes as `read_text_file` does; bytes that are not
/// UTF-8 are reported, and the file decoded lossily goes on through the
/// pipeline (where loading would stop).
fn decode(path: PathBuf, bytes: &[u8], diags: &mut Diagnostics) -> SourceFile {
    match source::decode(path.clone(), bytes.to_vec()) {
        Ok(file) => file,
        Err(diag) => {
            let lossy = diag.span.as_ref().map(|(span, _)| span.file.clone());
            diags.push(diag);
            lossy.unwrap_or_else(|| SourceFile::new(path, String::new()))
        }
    }
}

/// Parses one file as `load_one` does.
fn parse<T: DeserializeOwned>(file: SourceFile, diags: &mut Diagnostics) -> Option<Loaded<T>> {
    match source::parse(&file) {
        Ok(value) => Some(Loaded { file, value }),
        Err(diag) => {
            diags.push(diag);
            None
        }
    }
}

/// Parses a shipped file, which must parse.
fn shipped_file<T: DeserializeOwned>(slot: Slot) -> Loaded<T> {
    let file = SourceFile::new(slot.path(), slot.shipped().unwrap_or_default().to_owned());
    match source::parse(&file) {
        Ok(value) => Loaded { file, value },
        Err(diag) => panic!(
            "a shipped file does not parse:\n{}",
            diag::render(&diag, MessageFormat::Human, false)
        ),
    }
}

/// The shipped sources, as `Sources::load` reads them.
fn load_shipped() -> Sources {
    Sources {
        dir: Paths::default().sources,
        report: shipped_file(Slot::Record(0)),
        outputs: shipped_file(Slot::Record(1)),
        kap: shipped_file(Slot::Record(2)),
        regions: shipped_file(Slot::Record(3)),
        initiatives: shipped_file(Slot::Record(4)),
        study_groups: shipped_file(Slot::Record(5)),
        questions: shipped_file(Slot::Record(6)),
        resolutions: shipped_file(Slot::Record(7)),
        figures: shipped_file(Slot::Record(8)),
        sections: (0..SECTION_FILES.len())
            .map(|i| shipped_file(Slot::Section(i)))
            .collect(),
    }
}

/// `project::load_locales` over the embedded locales, one of them replaced
/// by `input` if given.
fn load_locales(
    sources: &Sources,
    input: Option<(usize, &SourceFile)>,
    diags: &mut Diagnostics,
) -> Option<Vec<Loaded<Locale>>> {
    let report = &sources.report;
    let mut locales = Vec::new();
    for lang in report.value.languages.get_ref() {
        let code = lang.get_ref();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let Some(i) = LOCALE_FILES.iter().position(|(c, _)| c == code) else {
            diags.push(
                Diagnostic::error(format!("no locale for language `{code}`"))
                    .at(report.span(lang), "configured here"),
            );
            continue;
        };
        let file = match input {
            Some((j, file)) if j == i => file.clone(),
            _ => SourceFile::new(Slot::Locale(i).path(), LOCALE_FILES[i].1.to_owned()),
        };
        match locale::from_file(file, code) {
            Ok(locale) => locales.push(locale),
            Err(errors) => diags.extend(errors),
        }
    }
    diags.is_empty().then_some(locales)
}

/// Loads the locales, checks and, when the check passes, assembles every
/// edition; gives the sources back.
fn pipeline(sources: Sources, slot: Slot, file: &SourceFile, diags: &mut Diagnostics) -> Sources {
    let input = match slot {
        Slot::Locale(i) => Some((i, file)),
        _ => None,
    };
    let Some(locales) = load_locales(&sources, input, diags) else {
        return sources;
    };
    let found = check::check(&sources, &locales);
    let failed = found.iter().any(Diagnostic::is_error);
    diags.extend(found);
    if failed {
        return sources;
    }
    let project = Project {
        paths: Paths::default(),
        sources,
        locales,
    };
    let _ = project.summary();
    let index = project.index();
    for locale in &project.locales {
        match assemble::assemble(&index, locale) {
            Ok(doc) => {
                let _ = doc.figures();
                let json = serde_json::to_string(&doc);
                assert!(json.is_ok(), "the document model serialises: {json:?}");
            }
            Err(errors) => {
                let mut shown = String::new();
                for diag in &errors {
                    render_all(diag);
                    shown.push_str(&diag::render(diag, MessageFormat::Human, false));
                }
                panic!(
                    "`check` passed but assembling the `{}` edition failed:\n{shown}",
                    locale.value.code.get_ref()
                );
            }
        }
    }
    project.sources
}

/// Prints a diagnostic in every format, checking that its spans lie in
/// their files and that the machine formats are well formed.
fn render_all(diag: &Diagnostic) {
    let spans = diag.span.iter().map(|(s, _)| s);
    for span in spans.chain(diag.related.iter().map(|(s, _)| s)) {
        let text = span.file.text();
        let range = &span.range;
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "span {range:?} outside {} ({} bytes) in {diag:?}",
            span.file.path().display(),
            text.len()
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "span {range:?} not on character boundaries in {diag:?}"
        );
    }
    let _ = diag::render(diag, MessageFormat::Human, false);
    let _ = diag::render(diag, MessageFormat::Human, true);
    let json = diag::render(diag, MessageFormat::Json, false);
    let value: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|err| panic!("JSON diagnostic does not parse ({err}): {json}"));
    assert_eq!(value["message"].as_str(), Some(diag.message.as_str()));
    assert_eq!(json.matches('\n').count(), 1, "one JSON line: {json:?}");
    let github = diag::render(diag, MessageFormat::Github, false);
    assert!(
        github.ends_with('\n') && github.matches(['\n', '\r']).count() == 1,
        "one workflow command line: {github:?}"
    );
    let _ = diag::render_summary(&diag.message, true);
}

/// The shipped records and locales, loaded once.
fn shipped() -> &'static (Sources, Vec<Loaded<Locale>>) {
    static SHIPPED: OnceLock<(Sources, Vec<Loaded<Locale>>)> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let sources = load_shipped();
        let locales = (0..LOCALE_FILES.len())
            .map(|i| shipped_file(Slot::Locale(i)))
            .collect();
        (sources, locales)
    })
}

/// A paragraph, to turn a string into a [`Text`] with spans.
#[derive(Deserialize)]
struct Para {
    text: Text,
}

/// Fuzzes the placeholder parser and resolution: the input, as UTF-8, is
/// parsed and filled, checked against invariants, then resolved in every
/// language as a paragraph of the shipped sources, outside any record and in
/// the scope of the first record of each kind.
pub fn placeholders(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    parse_invariants(text);
    fill_invariants(text);
    resolve(text);
}

/// Escapes braces as the parser expects literal ones.
fn escape(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

fn parse_invariants(text: &str) {
    let has_braces = text.contains(['{', '}']);
    match placeholder::parse(text) {
        Ok(pieces) => {
            if !has_braces {
                let expected: Vec<Piece<'_>> = if text.is_empty() {
                    Vec::new()
                } else {
                    vec![Piece::Lit(text.to_owned())]
                };
                assert_eq!(pieces, expected, "a text without braces is one literal");
            }
            let mut rebuilt = String::new();
            let mut end = 0;
            let mut previous_lit = false;
            for piece in &pieces {
                match piece {
                    Piece::Lit(lit) => {
                        assert!(!lit.is_empty(), "empty literal in {pieces:?}");
                        assert!(!previous_lit, "two literals in a row in {pieces:?}");
                        previous_lit = true;
                        rebuilt.push_str(&escape(lit));
                    }
                    Piece::Hole(hole) => {
                        previous_lit = false;
                        let range = hole.range.clone();
                        assert!(range.start >= end, "hole {range:?} out of order");
                        assert_within(text, &range, "hole");
                        assert_eq!(
                            rebuilt.len(),
                            range.start,
                            "the text before hole {range:?} is the literals"
                        );
                        end = range.end;
                        let written = &text[range];
                        assert_eq!(
                            format!("{{{}}}", hole.source()),
                            written,
                            "a hole's source is what is written"
                        );
                        assert!(
                            !hole.path.is_empty() && hole.path.iter().all(|s| !s.is_empty()),
                            "empty path segment in {hole:?}"
                        );
                        rebuilt.push_str(written);
                    }
                }
            }
            assert_eq!(rebuilt, text, "the pieces rebuild the text");
        }
        Err(err) => {
            let range = err.range.clone();
            assert_within(text, &range, "error range");
            assert!(
                text[range.clone()].starts_with(['{', '}']),
                "error range {range:?} starts at a brace"
            );
            assert!(has_braces, "only braces make errors: {err:?}");
            assert!(!err.message.is_empty());
        }
    }
    // Doubling every brace makes any text literal.
    let escaped = escape(text);
    let pieces = placeholder::parse(&escaped);
    let expected: Vec<Piece<'_>> = if text.is_empty() {
        Vec::new()
    } else {
        vec![Piece::Lit(text.to_owned())]
    };
    assert_eq!(pieces, Ok(expected), "escaped braces round-trip");
}

/// Asserts that `range` is a non-empty part of `text` on character
/// boundaries.
fn assert_within(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start < range.end && range.end <= text.len(),
        "{what} {range:?} outside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} not on character boundaries"
    );
}

fn fill_invariants(text: &str) {
    let values = [("number", "2"), ("caption", "{x}"), ("a.b", "dotted")];
    let filled = placeholder::fill(text, &values);
    match placeholder::parse(text) {
        Err(err) => assert_eq!(filled, Err(err.message), "fill reports parse errors"),
        Ok(pieces) => {
            let mut expected = String::new();
            let mut unknown = None;
            for piece in &pieces {
                match piece {
                    Piece::Lit(lit) => expected.push_str(lit),
                    Piece::Hole(hole) => match values.iter().find(|(k, _)| *k == hole.source()) {
                        Some((_, v)) => expected.push_str(v),
                        None => {
                            unknown = Some(hole.source());
                            break;
                        }
                    },
                }
            }
            match unknown {
                None => assert_eq!(filled, Ok(expected), "fill substitutes every hole"),
                Some(name) => {
                    let message = filled.expect_err("fill rejects unknown placeholders");
                    assert!(message.contains(&name), "{message} names `{name}`");
                }
            }
        }
    }
    let (_, locales) = shipped();
    for locale in locales {
        let pattern = Spanned::new(0..text.len(), text.to_owned());
        let out = locale.fill(&pattern, &values);
        if let Ok(expected) = placeholder::fill(text, &values) {
            assert_eq!(out, expected);
        } else {
            assert_eq!(out, text, "an unfillable pattern is printed as written");
        }
    }
}

/// A TOML literal for `text`: a literal string where one can hold it as
/// written (so spans into it are exact), else a basic string with escapes.
fn toml_literal(text: &str, prefer_literal: bool) -> String {
    let literal_ok =
        !text.contains(['\'', '\n', '\r']) && !text.chars().any(|c| c.is_control() && c != '\t');
    if prefer_literal && literal_ok {
        format!("'{text}'")
    } else {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04X}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

fn resolve(text: &str) {
    let (sources, locales) = shipped();
    let index = Index::new(sources);
    // zh as a basic string with escapes, en as a literal string.
    let toml = format!(
        "[[block]]\nkind = \"para\"\ntext.zh = {}\ntext.en = {}\n",
        toml_literal(text, false),
        toml_literal(text, true)
    );
    #[derive(Deserialize)]
    struct Section {
        block: Vec<Para>,
    }
    let path = Slot::NewSection.path();
    let file = SourceFile::new(path, toml);
    let section: Section = match source::parse(&file) {
        Ok(section) => section,
        Err(diag) => panic!(
            "a string written as a TOML literal parses: {}",
            diag::render(&diag, MessageFormat::Human, false)
        ),
    };
    let para = &section.block[0].text;
    for lang in ["zh", "en"] {
        assert_eq!(
            para.get(lang),
            Some(text),
            "the TOML literal keeps the text"
        );
    }
    let mut scopes: Vec<Option<Record<'_>>> = vec![None];
    let mut kinds = Vec::new();
    for record in index.all_records() {
        if !kinds.contains(&record.kind()) {
            kinds.push(record.kind());
            scopes.push(Some(record));
        }
    }
    let literal = match placeholder::parse(text) {
        Ok(pieces) if pieces.iter().all(|p| matches!(p, Piece::Lit(_))) => Some(
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Lit(s) => s,
                    Piece::Hole(_) => unreachable!(),
                })
                .collect::<String>(),
        ),
        _ => None,
    };
    let mut errors: Vec<Diagnostic> = Vec::new();
    for locale in locales {
        let resolver = Resolver {
            index: &index,
            locale,
        };
        for &scope in &scopes {
            let result = resolver.text(TextRef {
                file: &file,
                text: para,
                scope,
            });
            match (result, &literal) {
                (Ok(out), Some(expected)) => assert_eq!(&out, expected),
                (Err(diag), Some(_)) => panic!("a text without placeholders fails: {diag:?}"),
                (Err(diag), None) => errors.push(diag),
                (Ok(_), None) => {}
            }
        }
    }
    // Most scopes give the same error; print each one once.
    let key = |d: &Diagnostic| {
        let span = d.span.as_ref().map(|(s, l)| (s.range.clone(), l.clone()));
        (d.message.clone(), span, d.help.clone())
    };
    let mut seen = Vec::new();
    for diag in &errors {
        let k = key(diag);
        if !seen.contains(&k) {
            seen.push(k);
            render_all(diag);
        }
    }
}
