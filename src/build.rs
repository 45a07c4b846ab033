//! Building the editions: every selected language × format typeset in
//! parallel, all in memory; only when every one succeeded are the files
//! written, each atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Datetime;

use crate::assemble::assemble;
use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Doc;
use crate::output::{file_name, write_atomic};
use crate::typeset::{FontSet, ReportWorld};
use crate::{Project, docx, figures, pdf, typeset};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
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
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Output directory.
    pub out_dir: PathBuf,
    /// Languages to build; all configured ones when empty.
    pub langs: Vec<String>,
    /// Formats to build; all when empty.
    pub formats: Vec<Format>,
}

/// One written file.
#[derive(Clone, Debug)]
pub struct Artifact {
    /// Where it was written.
    pub path: PathBuf,
    /// Language code.
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
    let meta = &project.sources.report.value.meta;
    let date = meta.date.get_ref().date.ok_or_else(|| {
        Diagnostic::error("the document date must be a date")
            .at(project.sources.report.span(&meta.date), "")
    })?;
    let month = time::Month::try_from(date.month)
        .map_err(|_| Diagnostic::error("invalid month in the document date"))?;
    time::Date::from_calendar_date(i32::from(date.year), month, date.day)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| {
            Diagnostic::error("invalid document date")
                .at(project.sources.report.span(&meta.date), "")
        })
}

/// As Typst's datetime.
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

/// The report date as Typst's `today()`.
fn report_date(project: &Project) -> Option<Datetime> {
    let date = project.sources.report.value.meta.date.get_ref().date?;
    typeset::datetime(i32::from(date.year), date.month, date.day)
}

/// Fonts and Typst worlds kept across builds, so that `watch` reuses
/// Typst's caches.
pub struct Session {
    /// The fonts, loaded once.
    pub fonts: Arc<FontSet>,
    worlds: Mutex<HashMap<(String, &'static str), ReportWorld>>,
}

/// What a job makes: the file's bytes, its pages, warnings, time taken.
type JobOutput = (Vec<u8>, Option<usize>, Diagnostics, Duration);

/// One unit of work: a language in a format.
struct Job<'a> {
    doc: &'a Doc,
    format: Format,
    path: PathBuf,
}

impl Session {
    /// A session with the given fonts.
    pub fn new(fonts: FontSet) -> Self {
        Session {
            fonts: Arc::new(fonts),
            worlds: Mutex::new(HashMap::new()),
        }
    }

    /// Takes the cached world of an edition and template, updated with the
    /// document, or makes one.
    fn world(
        &self,
        doc: &Doc,
        template: &'static str,
        templates: &Path,
        today: Datetime,
    ) -> Result<ReportWorld, Diagnostic> {
        let cached = self
            .worlds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&(doc.lang.code.clone(), template));
        match cached {
            Some(mut world) => {
                world.update(typeset::doc_json(doc)?);
                Ok(world)
            }
            None => typeset::world(doc, templates, template, self.fonts.clone(), today),
        }
    }

    fn keep(&self, lang: &str, template: &'static str, world: ReportWorld) {
        self.worlds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((lang.to_string(), template), world);
    }

    /// Checks glyphs, assembles the selected editions and typesets them in
    /// parallel. Writes nothing unless everything succeeded.
    pub fn build(&self, project: &Project, options: &BuildOptions) -> Result<Built, Diagnostics> {
        let glyphs = typeset::check_glyphs(project, &self.fonts);
        if !glyphs.is_empty() {
            return Err(glyphs);
        }
        let locales: Vec<_> = project
            .locales
            .iter()
            .filter(|l| options.langs.is_empty() || options.langs.contains(l.value.code.get_ref()))
            .collect();
        let index = project.index();
        let mut docs = Vec::new();
        let mut errors = Diagnostics::new();
        for locale in locales {
            match assemble(&index, locale) {
                Ok(doc) => docs.push(doc),
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let formats = if options.formats.is_empty() {
            vec![Format::Pdf, Format::Docx]
        } else {
            options.formats.clone()
        };
        let document = project.sources.report.value.meta.document.get_ref();
        let jobs: Vec<Job<'_>> = docs
            .iter()
            .flat_map(|doc| {
                formats.iter().map(move |&format| Job {
                    doc,
                    format,
                    path: options.out_dir.join(file_name(
                        document,
                        &doc.lang.letter,
                        format.extension(),
                    )),
                })
            })
            .collect();
        let stamp = timestamp(project).map_err(|d| vec![d])?;
        let today =
            report_date(project).ok_or_else(|| vec![Diagnostic::error("invalid document date")])?;
        let stamp_typst =
            typst_datetime(stamp).ok_or_else(|| vec![Diagnostic::error("invalid time stamp")])?;
        let templates = &project.paths.templates;
        let results: Vec<Result<JobOutput, Diagnostics>> = jobs
            .par_iter()
            .map(|job| {
                let start = Instant::now();
                let lang = &job.doc.lang.code;
                match job.format {
                    Format::Pdf => {
                        let world = self
                            .world(job.doc, typeset::REPORT_TEMPLATE, templates, today)
                            .map_err(|d| vec![d])?;
                        let result =
                            pdf::typeset(&world, templates, &job.doc.meta.number, stamp_typst);
                        self.keep(lang, typeset::REPORT_TEMPLATE, world);
                        let pdf = result?;
                        Ok((pdf.bytes, Some(pdf.pages), pdf.warnings, start.elapsed()))
                    }
                    Format::Docx => {
                        let world = self
                            .world(job.doc, typeset::FIGURE_TEMPLATE, templates, today)
                            .map_err(|d| vec![d])?;
                        let images = figures::render(&world, templates, job.doc);
                        self.keep(lang, typeset::FIGURE_TEMPLATE, world);
                        let bytes = docx::write(job.doc, &images?, stamp).map_err(|d| vec![d])?;
                        Ok((bytes, None, Vec::new(), start.elapsed()))
                    }
                }
            })
            .collect();
        let mut outputs = Vec::new();
        let mut warnings = Diagnostics::new();
        for (job, result) in jobs.iter().zip(results) {
            match result {
                Ok((bytes, pages, warns, elapsed)) => {
                    warnings.extend(warns);
                    outputs.push((job, bytes, pages, elapsed));
                }
                Err(diags) => errors.extend(diags),
            }
        }
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(dedup(errors));
        }
        // Written in parallel so that the files' syncs to disk overlap.
        let written: Vec<Result<Artifact, Diagnostic>> = outputs
            .par_iter()
            .map(|(job, bytes, pages, elapsed)| {
                let start = Instant::now();
                write_atomic(&job.path, bytes)?;
                Ok(Artifact {
                    path: job.path.clone(),
                    lang: job.doc.lang.code.clone(),
                    format: job.format,
                    pages: *pages,
                    size: bytes.len(),
                    elapsed: *elapsed + start.elapsed(),
                })
            })
            .collect();
        let (artifacts, failures): (Vec<_>, Vec<_>) = written.into_iter().partition(Result::is_ok);
        if !failures.is_empty() {
            return Err(failures.into_iter().filter_map(Result::err).collect());
        }
        let artifacts = artifacts.into_iter().filter_map(Result::ok).collect();
        Ok(Built {
            artifacts,
            warnings: dedup(warnings),
        })
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
