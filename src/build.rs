//! Building the editions in three steps: plan (check the fonts, assemble
//! each selected language, mark revisions), typeset (one Typst compile per
//! language, then the PDF export and the Word file from that one layout,
//! all languages in parallel, in memory) and write (every file atomically,
//! only when all succeeded, then the manifest and the removal of stale
//! outputs).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::assemble::assemble;
use crate::check::check_glyphs;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Doc, Draft};
use crate::docx::Templates;
use crate::locale::LocaleFile;
use crate::output::{self, Manifest, file_name};
use crate::revise::baseline::Baseline;
use crate::typeset::{self, FontSet, ReportWorld};
use crate::{Project, docx, figures, pdf};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// PDF through Typst.
    Pdf,
    /// Word through docx-rs.
    Docx,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// What to build and where.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output directory.
    pub out_dir: PathBuf,
    /// Languages to build; all configured ones when empty.
    pub langs: Vec<String>,
    /// Formats to build; all when empty.
    pub formats: Vec<Format>,
    /// Stamp every page with a draft watermark and the build time.
    pub draft: bool,
    /// The author of tracked changes in revision editions, if not the
    /// records' `author` or source.
    pub author: Option<String>,
    /// Two languages to set side by side in one parallel edition, instead
    /// of an edition each (`langs` must then hold these two).
    pub parallel: Option<[String; 2]>,
}

/// One written file.
#[derive(Clone, Debug)]
pub struct Artifact {
    /// Where it was written.
    pub path: PathBuf,
    /// Language code (two for a parallel edition: `zh+en`).
    pub lang: String,
    /// Format.
    pub format: Format,
    /// Pages, where the format has them.
    pub pages: Option<usize>,
    /// Size in bytes.
    pub size: usize,
    /// Time spent making it.
    pub elapsed: Duration,
}

/// The result of a successful build.
pub struct Built {
    /// The files written, in language then format order.
    pub artifacts: Vec<Artifact>,
    /// Outputs of earlier builds that this one made stale and removed.
    pub removed: Vec<PathBuf>,
    /// Warnings met on the way.
    pub warnings: Diagnostics,
}

/// Time stamps of the outputs: `SOURCE_DATE_EPOCH` if set, else the
/// report's date at midnight UTC.
pub fn timestamp(project: &Project) -> Result<time::OffsetDateTime, Diagnostic> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            Diagnostic::error(format!(
                "SOURCE_DATE_EPOCH is not a number of seconds: `{epoch}`"
            ))
        })?;
        return time::OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| {
            Diagnostic::error(format!("SOURCE_DATE_EPOCH is out of range: {seconds}"))
        });
    }
    let meta = &project.model.report.meta;
    let span = project.model.report.file.span(meta.date.span());
    let date = meta.date.get_ref().date.ok_or_else(|| {
        Diagnostic::error("the document date must be a date").at(span.clone(), "")
    })?;
    let month = time::Month::try_from(date.month)
        .map_err(|_| Diagnostic::error("invalid month in the document date"))?;
    time::Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| Diagnostic::error("invalid document date").at(span, ""))
}

fn typst_datetime(t: time::OffsetDateTime) -> Option<Datetime> {
    Datetime::from_ymd_hms(
        t.year(),
        t.month().into(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
}

/// Fonts and Typst worlds kept across builds, so that `watch` reuses
/// Typst's caches.
pub struct Session {
    /// The fonts, loaded once.
    pub fonts: Arc<FontSet>,
    worlds: Mutex<HashMap<String, ReportWorld>>,
    /// Whether Typst's caches are kept for the next build (`watch`).
    keep_caches: bool,
}

/// Above this size of the editions' document models together (as JSON),
/// a build that keeps no caches typesets the editions one at a time, the
/// largest first, and empties Typst's caches after each compile (and
/// returns the freed memory to the system): laying out an edition holds
/// about 300 times its JSON's size (the 100× sources: 1.4 MB of JSON,
/// 450 MB), so editions compiled side by side would add up. Below it, as
/// for the real sources (60 kB), they run in parallel.
const PARALLEL_JSON_BYTES: usize = 1 << 20;

/// A language's edition to make, and in which formats.
pub struct Edition {
    /// The document.
    pub doc: Doc,
    /// The key of its Typst world and file name: the language code, or
    /// `zh+en` for a parallel edition.
    pub key: String,
    /// The ITU letters in its file name.
    pub letters: String,
    /// The Typst template that lays it out.
    pub template: &'static str,
    /// Its JSON for Typst, when different from `doc`'s own.
    pub json: Option<Vec<u8>>,
    /// The right-hand document of a parallel edition (`doc` is the left).
    pub pair: Option<Doc>,
}

/// What typesetting one edition made.
struct Typeset {
    files: Vec<(Format, Vec<u8>, Option<usize>, Duration)>,
    warnings: Diagnostics,
}

impl Session {
    /// A session with the given fonts.
    pub fn new(fonts: FontSet) -> Self {
        Session {
            fonts: Arc::new(fonts),
            worlds: Mutex::new(HashMap::new()),
            keep_caches: false,
        }
    }

    /// The same session keeping Typst's caches from one build to the
    /// next, so that a rebuild redoes only what changed (`watch`).
    pub fn keeping_caches(mut self) -> Self {
        self.keep_caches = true;
        self
    }

    /// Assembles the selected editions, with the draft stamp if asked.
    pub fn plan(
        &self,
        project: &Project,
        options: &BuildOptions,
        baseline: Option<&Baseline>,
    ) -> Result<Vec<Edition>, Diagnostics> {
        let locales = project.locales_of(&options.langs);
        let mut glyphs = check_glyphs(&project.model, &locales, self.fonts.as_ref());
        if let Some(b) = baseline {
            // Deleted text is printed too.
            let old: Vec<&LocaleFile> = b.project.locales_of(&options.langs);
            glyphs.extend(check_glyphs(&b.project.model, &old, self.fonts.as_ref()));
        }
        if !glyphs.is_empty() {
            return Err(glyphs);
        }
        let mut editions = Vec::new();
        let mut errors = Diagnostics::new();
        for locale in locales {
            let assembled =
                assemble(&project.model, locale, &project.layout).and_then(|doc| match baseline {
                    Some(b) => revise(b, doc, locale, options),
                    None => Ok(doc),
                });
            match assembled {
                Ok(mut doc) => {
                    if options.draft {
                        doc.draft = Some(draft(locale));
                    }
                    editions.push(Edition {
                        key: doc.lang.code.clone(),
                        letters: doc.lang.letter.clone(),
                        template: typeset::REPORT_TEMPLATE,
                        json: None,
                        pair: None,
                        doc,
                    });
                }
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match &options.parallel {
            Some(pair) => side_by_side(editions, pair).map(|e| vec![e]),
            None => Ok(editions),
        }
    }

    /// Takes the cached world of an edition, updated with its document, or
    /// makes one.
    fn world(
        &self,
        project: &Project,
        edition: &Edition,
        today: Datetime,
    ) -> Result<ReportWorld, Diagnostic> {
        let json = match &edition.json {
            Some(json) => json.clone(),
            None => typeset::doc_json(&edition.doc)?,
        };
        let key = format!("{}{}", edition.key, edition.template);
        let cached = self
            .worlds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        Ok(match cached {
            Some(mut world) => {
                world.update(json);
                world
            }
            None => typeset::world(
                json,
                &project.paths.templates,
                edition.template,
                self.fonts.clone(),
                today,
            ),
        })
    }

    fn keep(&self, edition: &Edition, world: ReportWorld) {
        self.worlds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(format!("{}{}", edition.key, edition.template), world);
    }

    /// Typesets one edition: one compile, then the PDF and the Word file
    /// from it, in parallel.
    #[allow(clippy::too_many_arguments)]
    fn typeset(
        &self,
        project: &Project,
        edition: &Edition,
        formats: &[Format],
        today: Datetime,
        stamp: Datetime,
        created: time::OffsetDateTime,
        word: &Templates,
        lean: bool,
    ) -> Result<Typeset, Diagnostics> {
        let start = Instant::now();
        let world = self.world(project, edition, today).map_err(|d| vec![d])?;
        let compiled = if lean {
            typeset::compile_lean(&world)
        } else {
            typeset::compile(&world)
        };
        // In a large build, what Typst cached while laying the edition out,
        // or while exporting it, is needed neither by the next export nor by
        // the next edition.
        let forget = || {
            if lean {
                typst::comemo::evict(0);
                crate::alloc::release();
            }
        };
        forget();
        let result = compiled.and_then(|(document, warnings)| {
            let compiled_in = start.elapsed();
            let make = |format: Format| -> Result<(Format, Vec<u8>, Option<usize>, Duration), Diagnostics> {
                let start = Instant::now();
                let (bytes, pages) = self.write_format(format, &world, &document, edition, stamp, created, word)?;
                Ok((format, bytes, pages, compiled_in + start.elapsed()))
            };
            // A large edition writes its formats one after the other: each
            // export holds its own working memory beside the document's.
            let files: Result<Vec<_>, Diagnostics> = if lean {
                formats
                    .iter()
                    .map(|&f| {
                        let file = make(f);
                        forget();
                        file
                    })
                    .collect()
            } else {
                formats.par_iter().map(|&f| make(f)).collect()
            };
            files.map(|files| Typeset { files, warnings })
        });
        self.keep(edition, world);
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn write_format(
        &self,
        format: Format,
        world: &ReportWorld,
        document: &PagedDocument,
        edition: &Edition,
        stamp: Datetime,
        created: time::OffsetDateTime,
        word: &Templates,
    ) -> Result<(Vec<u8>, Option<usize>), Diagnostics> {
        match format {
            Format::Pdf => {
                let ident = match &edition.pair {
                    Some(right) => format!("{} {}", edition.doc.meta.number, right.meta.number),
                    None => edition.doc.meta.number.clone(),
                };
                let bytes = pdf::export(world, document, &ident, stamp)?;
                Ok((bytes, Some(document.pages().len())))
            }
            Format::Docx => {
                let pictures = figures::pictures(document, edition.doc.layout.picture_dpi)?;
                let bytes = match &edition.pair {
                    Some(right) => {
                        docx::write_parallel(&edition.doc, right, &pictures, created, word)?
                    }
                    None => docx::write(&edition.doc, &pictures, created, word)?,
                };
                Ok((bytes, None))
            }
        }
    }

    /// Compiles every edition's template without writing anything (for
    /// `check --full`); returns Typst's warnings.
    pub fn compile_all(
        &self,
        project: &Project,
        editions: &[Edition],
    ) -> Result<Diagnostics, Diagnostics> {
        let date = project.model.report.meta.date.get_ref().date;
        let today = date
            .and_then(|d| Datetime::from_ymd(i32::from(d.year), d.month, d.day))
            .ok_or_else(|| vec![Diagnostic::error("invalid document date")])?;
        let results: Vec<Result<Diagnostics, Diagnostics>> = editions
            .par_iter()
            .map(|edition| {
                let world = self.world(project, edition, today).map_err(|d| vec![d])?;
                let result = typeset::compile(&world).map(|(_, warnings)| warnings);
                self.keep(edition, world);
                result
            })
            .collect();
        let mut warnings = Diagnostics::new();
        let mut errors = Diagnostics::new();
        for r in results {
            match r {
                Ok(w) => warnings.extend(w),
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() {
            Ok(dedup(warnings))
        } else {
            Err(dedup(errors))
        }
    }

    /// Builds the editions: typesets them all, then writes them all, or
    /// nothing.
    pub fn build(
        &self,
        project: &Project,
        options: &BuildOptions,
        baseline: Option<&Baseline>,
    ) -> Result<Built, Diagnostics> {
        let editions = self.plan(project, options, baseline)?;
        self.build_editions(project, options, &editions)
    }

    /// Typesets and writes planned editions.
    pub fn build_editions(
        &self,
        project: &Project,
        options: &BuildOptions,
        editions: &[Edition],
    ) -> Result<Built, Diagnostics> {
        let formats = if options.formats.is_empty() {
            vec![Format::Pdf, Format::Docx]
        } else {
            options.formats.clone()
        };
        let stamp = timestamp(project).map_err(|d| vec![d])?;
        let date = project.model.report.meta.date.get_ref().date;
        let today = date
            .and_then(|d| Datetime::from_ymd(i32::from(d.year), d.month, d.day))
            .ok_or_else(|| vec![Diagnostic::error("invalid document date")])?;
        let stamp_typst =
            typst_datetime(stamp).ok_or_else(|| vec![Diagnostic::error("invalid time stamp")])?;
        let word = if formats.contains(&Format::Docx) {
            Templates::load(&project.paths.templates)?
        } else {
            Templates::default()
        };
        let sizes: Vec<usize> = editions
            .iter()
            .map(|e| match &e.json {
                Some(json) => json.len(),
                None => serde_json::to_vec(&e.doc).map_or(0, |j| j.len()),
            })
            .collect();
        let lean = !self.keep_caches && sizes.iter().sum::<usize>() > PARALLEL_JSON_BYTES;
        let typeset = |e: &Edition| {
            self.typeset(project, e, &formats, today, stamp_typst, stamp, &word, lean)
        };
        let results: Vec<Result<Typeset, Diagnostics>> = if lean {
            // The largest edition first: its compile is the peak, which
            // then does not stack on what the others leave behind.
            let mut order: Vec<usize> = (0..editions.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
            let mut results: Vec<_> = editions.iter().map(|_| None).collect();
            let run = || {
                for i in order {
                    results[i] = Some(typeset(&editions[i]));
                }
            };
            // On a pool of one thread, which Typst's own parallel layout
            // then also uses: every allocation of the large build comes
            // from one malloc arena, so that what one edition frees the
            // next one reuses. Spread over two arenas, the 100× build
            // peaked up to 35 MB higher, depending on where the first
            // allocations happened to fall; the pool costs at most a few
            // per cent of its time, as its layout is mostly sequential.
            match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(run),
                Err(_) => run(),
            }
            results.into_iter().flatten().collect()
        } else {
            editions.par_iter().map(typeset).collect()
        };
        let document = project.model.report.meta.document.get_ref();
        let mut outputs = Vec::new();
        let mut warnings = Diagnostics::new();
        let mut errors = Diagnostics::new();
        for (edition, result) in editions.iter().zip(results) {
            match result {
                Ok(typeset) => {
                    warnings.extend(typeset.warnings);
                    for (format, bytes, pages, elapsed) in typeset.files {
                        let path = options.out_dir.join(file_name(
                            document,
                            &edition.letters,
                            format.extension(),
                        ));
                        outputs.push((edition.key.clone(), format, path, bytes, pages, elapsed));
                    }
                }
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(dedup(errors));
        }
        let artifacts = write_all(&outputs)?;
        let written: Vec<PathBuf> = artifacts.iter().map(|a| a.path.clone()).collect();
        let removed = Manifest::update(&options.out_dir, &written, &producible(project))
            .map_err(|d| vec![d])?;
        Ok(Built {
            artifacts,
            removed,
            warnings: dedup(warnings),
        })
    }
}

/// A file to write: language, format, path, bytes, pages, time taken.
type Output = (String, Format, PathBuf, Vec<u8>, Option<usize>, Duration);

/// Writes every file atomically, in parallel so that the syncs overlap.
fn write_all(outputs: &[Output]) -> Result<Vec<Artifact>, Diagnostics> {
    let written: Vec<Result<Artifact, Diagnostic>> = outputs
        .par_iter()
        .map(|(lang, format, path, bytes, pages, elapsed)| {
            let start = Instant::now();
            output::write_atomic(path, bytes)?;
            Ok(Artifact {
                path: path.clone(),
                lang: lang.clone(),
                format: *format,
                pages: *pages,
                size: bytes.len(),
                elapsed: *elapsed + start.elapsed(),
            })
        })
        .collect();
    let mut artifacts = Vec::new();
    let mut failures = Vec::new();
    for w in written {
        match w {
            Ok(a) => artifacts.push(a),
            Err(d) => failures.push(d),
        }
    }
    if failures.is_empty() {
        Ok(artifacts)
    } else {
        Err(failures)
    }
}

/// The document with its changes since the baseline marked.
fn revise(
    baseline: &Baseline,
    doc: Doc,
    locale: &LocaleFile,
    options: &BuildOptions,
) -> Result<Doc, Diagnostics> {
    let code = locale.code();
    let Some(old_locale) = baseline.project.locales.iter().find(|l| l.code() == code) else {
        return Err(vec![
            Diagnostic::error(format!(
                "the baseline `{}` has no `{code}` edition to compare with",
                baseline.name
            ))
            .with_help(format!(
                "build the `{code}` edition without --baseline, or leave it out with --lang"
            )),
        ]);
    };
    let old = baseline.project.assemble(old_locale)?;
    let mut marked = crate::revise::mark(&old, &doc, locale.value.diff);
    marked.revised_by = Some(
        options
            .author
            .clone()
            .unwrap_or_else(|| doc.meta.author.clone()),
    );
    Ok(marked)
}

/// The parallel edition of the two editions of `pair`, left and right.
fn side_by_side(editions: Vec<Edition>, pair: &[String; 2]) -> Result<Edition, Diagnostics> {
    let mut by_lang: HashMap<String, Edition> = editions
        .into_iter()
        .map(|e| (e.doc.lang.code.clone(), e))
        .collect();
    let mut take = |code: &str| {
        by_lang.remove(code).ok_or_else(|| {
            vec![Diagnostic::error(format!(
                "no `{code}` edition for the parallel edition"
            ))]
        })
    };
    let (left, right) = (take(&pair[0])?, take(&pair[1])?);
    let json = typeset::parallel_json(&left.doc, &right.doc).map_err(|d| vec![d])?;
    Ok(Edition {
        key: format!("{}+{}", left.key, right.key),
        letters: format!("{}{}", left.letters, right.letters),
        template: typeset::PARALLEL_TEMPLATE,
        json: Some(json),
        pair: Some(right.doc),
        doc: left.doc,
    })
}

/// Every output file name the project can produce now: each edition and
/// each parallel edition of two languages, in each format.
fn producible(project: &Project) -> Vec<String> {
    let document = project.model.report.meta.document.get_ref();
    let letters: Vec<&str> = project
        .locales
        .iter()
        .map(|l| l.value.letter.get_ref().as_str())
        .collect();
    let mut names = Vec::new();
    for a in &letters {
        for b in std::iter::once("").chain(letters.iter().copied()) {
            if *a == b {
                continue;
            }
            for format in [Format::Pdf, Format::Docx] {
                names.push(file_name(document, &format!("{a}{b}"), format.extension()));
            }
        }
    }
    names
}

/// The draft stamp: the locale's watermark word and the build time.
fn draft(locale: &crate::locale::LocaleFile) -> Draft {
    let now = time::OffsetDateTime::now_utc();
    let time = format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute()
    );
    Draft {
        watermark: locale.value.labels.draft.clone(),
        stamp: locale.fill(&locale.value.patterns.draft_stamp, &[("time", &time)]),
    }
}

/// The same template error is met by every edition: report it once.
fn dedup(diags: Diagnostics) -> Diagnostics {
    let mut seen = std::collections::HashSet::new();
    diags
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.message.clone(),
                d.span.as_ref().map(|(s, _)| s.location()),
            ))
        })
        .collect()
}
