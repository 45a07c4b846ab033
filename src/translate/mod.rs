//! The translation exchange: the texts of the sources as XLIFF 1.2 for
//! translation tools ([`export`]), and the translated file written back
//! into the records ([`import`], [`records`]). A text's unit id is its
//! stable id ([`crate::model::Model::texts`]); placeholders and markup are
//! inline codes ([`codes`]) that a translator moves but cannot break.

pub mod codes;
pub mod export;
pub mod import;
pub mod records;
pub mod xml;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::check::Options;
use crate::diag::{Diagnostic, Diagnostics};
use crate::project::{Paths, Project};
use crate::source::Dir;
use import::Planned;
use records::Edit;

/// The default file of an export, relative to the project:
/// `translations/TDAG-23-XX-fr.xlf`.
pub fn default_path(document: &str, to: &str) -> PathBuf {
    Path::new("translations").join(crate::output::file_name(document, to, "xlf"))
}

/// Writes the planned strings into the record files. Every changed file
/// is computed first and the project with them is checked as `check`
/// would (with `options`), and each string read back; only then is each
/// file written, atomically. Returns the files written, as shown.
pub fn write(
    project: &Project,
    planned: &[Planned],
    options: &Options,
) -> Result<Vec<PathBuf>, Diagnostics> {
    if planned.is_empty() {
        return Ok(Vec::new());
    }
    let paths = &project.paths;
    let languages = project.model.languages();
    let mut by_file: BTreeMap<&Path, Vec<&Edit>> = BTreeMap::new();
    for p in planned {
        by_file.entry(&p.file).or_default().push(&p.edit);
    }
    let mut contents = Vec::new();
    for (shown, edits) in by_file {
        let fail = |why: String| vec![Diagnostic::error(why).in_file(shown)];
        let rel = shown
            .strip_prefix(&paths.sources.shown)
            .map_err(|_| fail("the file is not in the sources folder".into()))?;
        let real = paths.sources.real.join(rel);
        let old = std::fs::read_to_string(&real)
            .map_err(|e| fail(format!("cannot read: {}", crate::source::describe_io(&e))))?;
        let new = records::apply(&old, &edits, &languages)
            .map_err(|e| fail(format!("cannot write the translations: {e}")))?;
        contents.push((shown.to_path_buf(), rel.to_path_buf(), real, new));
    }
    verify(paths, &contents, planned, options)?;
    for (_, _, real, new) in &contents {
        crate::output::write_atomic(real, new.as_bytes()).map_err(|d| vec![d])?;
    }
    Ok(contents.into_iter().map(|(shown, ..)| shown).collect())
}

/// Loads and checks a copy of the sources with the new contents; every
/// planned string must read back as planned.
fn verify(
    paths: &Paths,
    contents: &[(PathBuf, PathBuf, PathBuf, String)],
    planned: &[Planned],
    options: &Options,
) -> Result<(), Diagnostics> {
    let io = |e: std::io::Error| {
        vec![Diagnostic::error(format!(
            "cannot check the imported translations: {}",
            crate::source::describe_io(&e)
        ))]
    };
    let dir = tempfile::tempdir().map_err(io)?;
    copy_dir(&paths.sources.real, dir.path()).map_err(io)?;
    for (_, rel, _, new) in contents {
        std::fs::write(dir.path().join(rel), new).map_err(io)?;
    }
    let copy = Paths {
        root: paths.root.clone(),
        sources: Dir {
            real: dir.path().to_path_buf(),
            shown: paths.sources.shown.clone(),
        },
        templates: paths.templates.clone(),
    };
    let project = Project::load(&copy, options).map_err(|diags| {
        let mut out = vec![
            Diagnostic::error("the imported translations would not pass `check`; nothing was written")
                .with_help("the errors follow, located in the records as they would be; correct the translations in the XLIFF file"),
        ];
        out.extend(diags);
        out
    })?;
    let texts = project.model.texts();
    let by_id: HashMap<&str, _> = texts.iter().map(|t| (t.id.as_str(), t)).collect();
    let wrong: Diagnostics = planned
        .iter()
        .filter(|p| {
            by_id
                .get(p.edit.id.as_str())
                .and_then(|t| t.text.text.get(&p.edit.lang))
                != Some(p.edit.value.as_str())
        })
        .map(|p| {
            Diagnostic::error(format!(
                "`{}` would not read back as translated; nothing was written",
                p.edit.id
            ))
            .at(p.from.clone(), "this translation")
            .with_help("this is a bug in tdag-report; please report it with the XLIFF file")
        })
        .collect();
    if wrong.is_empty() { Ok(()) } else { Err(wrong) }
}

/// Copies a folder's files and subfolders.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
