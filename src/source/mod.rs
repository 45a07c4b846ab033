//! Loading the records under `sources/`: reading files safely, parsing TOML
//! into typed records with spans, and reporting every parse error.

mod file;
mod read;
pub mod records;
mod text;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

pub use file::{SourceFile, Span};
pub use read::{decode, describe_io, read_text_file};
pub use records::*;
pub use text::Text;

use crate::diag::{Diagnostic, Diagnostics};

/// A parsed file and the source it came from.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The file, for spans.
    pub file: SourceFile,
    /// Its records.
    pub value: T,
}

impl<T> Loaded<T> {
    /// The span of a spanned value of this file.
    pub fn span<S>(&self, spanned: &Spanned<S>) -> Span {
        self.file.span(spanned.span())
    }
}

/// Every record of the report, as written.
#[derive(Debug)]
pub struct Sources {
    /// The directory they were read from.
    pub dir: PathBuf,
    /// `report.toml`.
    pub report: Loaded<ReportFile>,
    /// `outputs.toml`.
    pub outputs: Loaded<OutputsFile>,
    /// `kap.toml`.
    pub kap: Loaded<KapFile>,
    /// `regions.toml`.
    pub regions: Loaded<RegionsFile>,
    /// `initiatives.toml`.
    pub initiatives: Loaded<InitiativesFile>,
    /// `study-groups.toml`.
    pub study_groups: Loaded<StudyGroupsFile>,
    /// `questions.toml`.
    pub questions: Loaded<QuestionsFile>,
    /// `resolutions.toml`.
    pub resolutions: Loaded<ResolutionsFile>,
    /// `figures.toml`.
    pub figures: Loaded<FiguresFile>,
    /// `sections/*.toml`, in file-name order.
    pub sections: Vec<Loaded<SectionFile>>,
}

/// The files `sources/` holds besides `sections/`.
pub const RECORD_FILES: [&str; 9] = [
    "report.toml",
    "outputs.toml",
    "kap.toml",
    "regions.toml",
    "initiatives.toml",
    "study-groups.toml",
    "questions.toml",
    "resolutions.toml",
    "figures.toml",
];

/// The directory of section files.
pub const SECTIONS_DIR: &str = "sections";

/// Parses TOML text into `T`, turning a syntax or type error into a located
/// diagnostic.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(file.text()).map_err(|err| {
        let message = err.message().trim_end().to_string();
        let (headline, label) = split_toml_message(&message);
        let diag = Diagnostic::error(headline);
        match err.span() {
            Some(range) => diag.at(file.span(range), label),
            None => diag.in_file(file.path()),
        }
    })
}

/// serde's messages read "unknown field `titel`, expected one of …": keep the
/// first clause as the headline and the rest under the span.
fn split_toml_message(message: &str) -> (String, String) {
    let first_line = message.lines().next().unwrap_or("invalid TOML");
    match first_line.split_once(", expected") {
        Some((head, rest)) => (head.to_string(), format!("expected{rest}")),
        None => (first_line.to_string(), String::new()),
    }
}

fn load_one<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let file = match read_text_file(dir, Path::new(name)) {
        Ok(file) => file,
        Err(diag) => {
            diags.push(diag);
            return None;
        }
    };
    match parse(&file) {
        Ok(value) => Some(Loaded { file, value }),
        Err(diag) => {
            diags.push(diag);
            None
        }
    }
}

/// Every string value of a TOML file with its span (for checks that look
/// at all text of a file, such as the glyph check on locales).
pub fn string_values(file: &SourceFile) -> Vec<Spanned<String>> {
    use toml::de::{DeTable, DeValue};
    fn walk(value: &Spanned<DeValue<'_>>, out: &mut Vec<Spanned<String>>) {
        match value.get_ref() {
            DeValue::String(s) => out.push(Spanned::new(value.span(), s.to_string())),
            DeValue::Array(items) => items.iter().for_each(|v| walk(v, out)),
            DeValue::Table(table) => table.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = DeTable::parse(file.text()) {
        table.get_ref().values().for_each(|v| walk(v, &mut out));
    }
    out
}

/// Lists the `.toml` files of `sources/sections/` in name order.
fn section_names(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let sections = dir.join(SECTIONS_DIR);
    let entries = match std::fs::read_dir(&sections) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "cannot read the section directory: {}",
                    read::describe_io(&err)
                ))
                .in_file(&sections),
            );
            return Vec::new();
        }
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| PathBuf::from(SECTIONS_DIR).join(entry.file_name()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    names.sort();
    if names.is_empty() {
        diags.push(
            Diagnostic::error("no section files")
                .in_file(&sections)
                .with_help(
                    "each numbered section is a file such as sources/sections/1-introduction.toml",
                ),
        );
    }
    names
}

/// Warns about `.toml` files in `sources/` that no record kind reads: a
/// misnamed file would otherwise be silently left out of the report.
fn unknown_files(dir: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut unknown: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name())
        .filter(|name| {
            let name = name.to_string_lossy();
            name.ends_with(".toml") && !RECORD_FILES.contains(&name.as_ref())
        })
        .map(|name| dir.join(name))
        .collect();
    unknown.sort();
    for path in unknown {
        diags.push(
            Diagnostic::error("not a known source file")
                .in_file(path)
                .with_help(format!(
                    "the files of sources/ are {} and sections/*.toml",
                    RECORD_FILES.join(", ")
                )),
        );
    }
}

impl Sources {
    /// Reads and parses every file under `dir`, reporting all errors.
    pub fn load(dir: &Path) -> Result<Sources, Diagnostics> {
        let mut diags = Diagnostics::new();
        if !dir.is_dir() {
            return Err(vec![
                Diagnostic::error("no sources directory")
                    .in_file(dir)
                    .with_help("run from the project root, or pass --sources DIR"),
            ]);
        }
        unknown_files(dir, &mut diags);
        let report = load_one(dir, "report.toml", &mut diags);
        let outputs = load_one(dir, "outputs.toml", &mut diags);
        let kap = load_one(dir, "kap.toml", &mut diags);
        let regions = load_one(dir, "regions.toml", &mut diags);
        let initiatives = load_one(dir, "initiatives.toml", &mut diags);
        let study_groups = load_one(dir, "study-groups.toml", &mut diags);
        let questions = load_one(dir, "questions.toml", &mut diags);
        let resolutions = load_one(dir, "resolutions.toml", &mut diags);
        let figures = load_one(dir, "figures.toml", &mut diags);
        let sections: Vec<_> = section_names(dir, &mut diags)
            .iter()
            .filter_map(|name| load_one(dir, &name.to_string_lossy(), &mut diags))
            .collect();
        match (
            report,
            outputs,
            kap,
            regions,
            initiatives,
            study_groups,
            questions,
            resolutions,
            figures,
        ) {
            (
                Some(report),
                Some(outputs),
                Some(kap),
                Some(regions),
                Some(initiatives),
                Some(study_groups),
                Some(questions),
                Some(resolutions),
                Some(figures),
            ) if diags.is_empty() => Ok(Sources {
                dir: dir.to_path_buf(),
                report,
                outputs,
                kap,
                regions,
                initiatives,
                study_groups,
                questions,
                resolutions,
                figures,
                sections,
            }),
            _ => Err(diags),
        }
    }

    /// Every file that was read, for watching and for the glyph check.
    pub fn files(&self) -> Vec<&SourceFile> {
        let mut files = vec![
            &self.report.file,
            &self.outputs.file,
            &self.kap.file,
            &self.regions.file,
            &self.initiatives.file,
            &self.study_groups.file,
            &self.questions.file,
            &self.resolutions.file,
            &self.figures.file,
        ];
        files.extend(self.sections.iter().map(|s| &s.file));
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_located() {
        let file = SourceFile::new(
            "regions.toml",
            "[[region]]\nid = \"AFR\"\nnmae.zh = \"非洲\"\n".into(),
        );
        let err = parse::<RegionsFile>(&file).unwrap_err();
        assert_eq!(err.message, "unknown field `nmae`");
        let (span, label) = err.span.unwrap();
        assert_eq!(span.location(), "regions.toml:3:1");
        assert!(label.contains("`name`"), "{label}");
    }

    #[test]
    fn text_keeps_spans_of_each_language() {
        let src = "[[region]]\nid = \"AFR\"\nname.zh = \"非洲\"\nname.en = \"Africa\"\n";
        let file = SourceFile::new("regions.toml", src.into());
        let regions: RegionsFile = parse(&file).unwrap();
        let name = &regions.region[0].name;
        assert_eq!(name.get("en"), Some("Africa"));
        let en = name.get_spanned("en").unwrap();
        assert_eq!(&src[en.span()], "\"Africa\"");
    }
}
