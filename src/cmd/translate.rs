//! `tdag-report translate export|import`: the texts as XLIFF 1.2 for
//! translation tools, and the translated file written back into the
//! records.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{EXIT_ERRORS, InputArgs, print_diagnostics, status, usage_error};
use crate::check::Options;
use crate::project::{Paths, Project};
use crate::revise::stale;
use crate::translate::{self, export, import};

/// Options of `translate`.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Export or import.
    #[command(subcommand)]
    pub action: Action,
}

/// What `translate` does.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Write the texts as XLIFF 1.2 for a translation tool.
    Export(ExportArgs),
    /// Write the translations of an XLIFF file into the records.
    Import(ImportArgs),
}

/// Options of `translate export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: InputArgs,
    /// The language to translate into.
    #[arg(long, value_name = "CODE")]
    pub to: String,
    /// The language to translate from (default: the original, `meta.original`).
    #[arg(long, value_name = "CODE")]
    pub from: Option<String>,
    /// The file to write (default: translations/DOCUMENT-LANG.xlf in the
    /// project, e.g. translations/TDAG-23-XX-fr.xlf).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the texts whose original changed since REF (a git revision or
    /// a folder) while their translation did not.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
}

/// Options of `translate import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: InputArgs,
    /// The translated XLIFF file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file and say what would change, without writing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `translate export` or `translate import`.
pub fn run(args: &TranslateArgs) -> u8 {
    match &args.action {
        Action::Export(args) => run_export(args),
        Action::Import(args) => run_import(args),
    }
}

/// Loads the project with `langs` allowed to be incomplete; prints its
/// warnings, or its errors.
fn load(input: &InputArgs, langs: Vec<String>) -> Result<(Paths, Project, Options), u8> {
    let paths = input.paths();
    let options = Options {
        allow_missing: langs,
        ..Options::default()
    };
    match Project::load(&paths, &options) {
        Ok(project) => {
            print_diagnostics(&project.report.diags, input.format());
            Ok((paths, project, options))
        }
        Err(diags) => {
            print_diagnostics(&diags, input.format());
            Err(EXIT_ERRORS)
        }
    }
}

fn run_export(args: &ExportArgs) -> u8 {
    let (paths, project, _) = match load(&args.input, vec![args.to.clone()]) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let model = &project.model;
    let from = args
        .from
        .clone()
        .unwrap_or_else(|| model.report.meta.original.get_ref().clone());
    for (option, lang) in [("--from", &from), ("--to", &args.to)] {
        if let Some(message) = super::unknown_langs(&project, option, std::slice::from_ref(lang)) {
            return usage_error(&message);
        }
    }
    if from == args.to {
        return usage_error(&format!("--to {from}: the texts are already in `{from}`"));
    }
    let base = match &args.changed_since {
        Some(reference) => match super::load_baseline(&paths, reference, args.input.format()) {
            Ok(b) => Some(b),
            Err(_) => return EXIT_ERRORS,
        },
        None => None,
    };
    let found = base
        .as_ref()
        .map(|b| stale::stale(&b.project.model, model))
        .unwrap_or_default();
    let request = export::Request {
        from: &from,
        to: &args.to,
        changed: base.as_ref().map(|b| (b.name.as_str(), found.as_slice())),
    };
    let exported = export::export(model, &request);
    let path = match &args.output {
        Some(path) => path.clone(),
        None => {
            let rel = translate::default_path(model.report.meta.document.get_ref(), &args.to);
            if paths.root == std::path::Path::new(".") {
                rel
            } else {
                paths.root.join(rel)
            }
        }
    };
    if let Err(d) = crate::output::write_atomic(&path, exported.xml.as_bytes()) {
        print_diagnostics(&[d], args.input.format());
        return EXIT_ERRORS;
    }
    let since = args
        .changed_since
        .as_ref()
        .map_or(String::new(), |r| format!(", stale since {r}"));
    let texts = if exported.units == 1 { "text" } else { "texts" };
    status(
        "Exported",
        &format!(
            "{} {texts} {from} → {} ({} with a translation{since}) to {}",
            exported.units,
            args.to,
            exported.translated,
            path.display()
        ),
    );
    0
}

fn run_import(args: &ImportArgs) -> u8 {
    let format = args.input.format();
    let xliff = match import::Xliff::read(&args.file) {
        Ok(x) => x,
        Err(d) => {
            print_diagnostics(&[d], format);
            return EXIT_ERRORS;
        }
    };
    let (_, project, options) = match load(&args.input, xliff.target_languages()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let plan = match import::plan(&project.model, &xliff) {
        Ok(plan) => plan,
        Err(diags) => {
            print_diagnostics(&diags, format);
            return EXIT_ERRORS;
        }
    };
    print_diagnostics(&plan.warnings, format);
    let summary = format!(
        "{} unchanged, {} untranslated{}",
        plan.unchanged,
        plan.untranslated,
        match plan.warnings.len() {
            0 => String::new(),
            n => format!(", {n} left out (source changed)"),
        }
    );
    if args.dry_run {
        for p in &plan.edits {
            status(
                "Would write",
                &format!("`{}` ({}) in {}", p.edit.id, p.edit.lang, p.file.display()),
            );
        }
        status(
            "Checked",
            &format!("{} to import; {summary}", translations(plan.edits.len())),
        );
        return 0;
    }
    match translate::write(&project, &plan.edits, &options) {
        Ok(files) => {
            for file in &files {
                let n = plan.edits.iter().filter(|p| &p.file == file).count();
                let texts = if n == 1 { "text" } else { "texts" };
                status("Updated", &format!("{} ({n} {texts})", file.display()));
            }
            status(
                "Imported",
                &format!("{}; {summary}", translations(plan.edits.len())),
            );
            0
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            EXIT_ERRORS
        }
    }
}

/// "1 translation", "2 translations".
fn translations(n: usize) -> String {
    if n == 1 {
        "1 translation".to_string()
    } else {
        format!("{n} translations")
    }
}
