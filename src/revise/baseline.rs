//! The baseline of a revision: an earlier state of the project, named by a
//! git revision of the repository that holds it (`tdag-23`, `HEAD~2`, a
//! commit) or by a folder holding an earlier copy. Its records are read
//! with the `git` command into a temporary folder and loaded and checked
//! like the current ones; its diagnostics name its files as `REF:path`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::check::Options;
use crate::diag::{Diagnostic, Diagnostics};
use crate::project::{Paths, Project};
use crate::source::Dir;

/// A loaded baseline.
pub struct Baseline {
    /// Its project, loaded and checked.
    pub project: Project,
    /// The reference as given.
    pub name: String,
    /// What to tell the user about it (its templates were replaced by
    /// the current ones).
    pub warnings: Diagnostics,
    /// The folder its files were read into, kept while it is used.
    _files: Option<tempfile::TempDir>,
}

/// Runs git in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_string()
}

/// Loads the baseline `reference` of the project at `current`.
pub fn load(current: &Paths, reference: &str) -> Result<Baseline, Diagnostics> {
    let folder = Path::new(reference);
    let (paths, files) = if folder.is_dir() {
        (folder_paths(current, folder, reference)?, None)
    } else {
        let (paths, dir) = from_git(current, reference)?;
        (paths, Some(dir))
    };
    let fails = |diags: Diagnostics| {
        let mut out = vec![
            Diagnostic::error(format!("the baseline `{reference}` does not pass `check`"))
                .with_help("its errors follow, located in its files; fix them there, or choose another baseline"),
        ];
        out.extend(diags);
        out
    };
    let mut warnings = Diagnostics::new();
    let project = match Project::load(&paths, &Options::default()) {
        Ok(project) => project,
        // Locales or a layout of an earlier version of the tool that this
        // one cannot read: the records are compared through the current
        // templates, as long as they pass with them.
        Err(diags) if paths.templates.real != current.templates.real => {
            let current_templates = Paths {
                templates: current.templates.clone(),
                ..paths.clone()
            };
            let project = Project::load(&current_templates, &Options::default())
                .map_err(|_| fails(diags.clone()))?;
            let why = diags.first().map_or(String::new(), |d| d.message.clone());
            warnings.push(
                Diagnostic::warning(format!(
                    "the baseline `{reference}`'s locales or layout cannot be read by this version ({why}); its records are compared through the current templates"
                ))
                .with_help("labels and layout changed since then are not marked as changes"),
            );
            project
        }
        Err(diags) => return Err(fails(diags)),
    };
    Ok(Baseline {
        project,
        name: reference.to_string(),
        warnings,
        _files: files,
    })
}

/// A baseline in a folder: a project root, or its `sources/`.
fn folder_paths(current: &Paths, folder: &Path, reference: &str) -> Result<Paths, Diagnostics> {
    let root = if folder.join("sources/report.toml").is_file() {
        folder.to_path_buf()
    } else if folder.join("report.toml").is_file() {
        folder
            .parent()
            .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
    } else {
        return Err(vec![
            Diagnostic::error(format!(
                "the baseline folder `{reference}` holds no sources/report.toml"
            ))
            .in_file(folder)
            .with_help("name the folder of an earlier copy of the project, or its sources/ folder"),
        ]);
    };
    let shown = |rel: &str| PathBuf::from(reference).join(rel);
    let templates = if root.join("templates/locales").is_dir() {
        Dir {
            real: root.join("templates"),
            shown: shown("templates"),
        }
    } else {
        current.templates.clone()
    };
    Ok(Paths {
        sources: Dir {
            real: root.join("sources"),
            shown: if root == folder {
                shown("sources")
            } else {
                PathBuf::from(reference)
            },
        },
        templates,
        root,
    })
}

/// A baseline in git: the revision's `sources/` and locales and layout,
/// read into a temporary folder.
fn from_git(current: &Paths, reference: &str) -> Result<(Paths, tempfile::TempDir), Diagnostics> {
    let root = if current.root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        current.root.as_path()
    };
    let commit = commit_of(root, reference)?;
    let prefix = git(root, &["rev-parse", "--show-prefix"])
        .map(text)
        .unwrap_or_default();
    let blobs = blobs_of(root, current, reference, &commit, &prefix)?;
    let dir = tempfile::tempdir().map_err(|e| {
        failure(
            format!("cannot make a temporary folder: {e}"),
            "check the free space",
        )
    })?;
    write_blobs(root, dir.path(), reference, &blobs)?;
    let paths = paths_in(current, dir.path(), &format!("{reference}:{prefix}"));
    Ok((paths, dir))
}

/// An error with a hint, as the only diagnostic.
fn failure(message: String, help: &str) -> Diagnostics {
    vec![Diagnostic::error(message).with_help(help.to_string())]
}

/// The commit a git revision names.
fn commit_of(root: &Path, reference: &str) -> Result<String, Diagnostics> {
    git(root, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")])
        .map(text)
        .ok()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            failure(
                format!("`{reference}` is neither a folder nor a git revision of this project"),
                "give a tag, branch or commit of the repository that holds the records (such as HEAD~1), or the folder of an earlier copy",
            )
        })
}

/// The blobs (id and path below the project root) of the commit's records,
/// locales and layout; the records must include a `report.toml`.
fn blobs_of(
    root: &Path,
    current: &Paths,
    reference: &str,
    commit: &str,
    prefix: &str,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let wanted: Vec<String> = ["sources", "templates/locales", "templates/layout.toml"]
        .into_iter()
        .map(|rel| format!("{prefix}{}", current_rel(current, rel)))
        .collect();
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit, "--"];
    args.extend(wanted.iter().map(String::as_str));
    let listing = git(root, &args).map_err(|e| {
        failure(
            format!("cannot list the baseline `{reference}`: {e}"),
            "check that git can read the repository",
        )
    })?;
    let mut blobs: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split_whitespace();
        if parts.next().is_some()
            && parts.next() == Some("blob")
            && let Some(sha) = parts.next()
        {
            blobs.push((sha.to_string(), path.trim_start_matches(prefix).to_string()));
        }
    }
    if !blobs.iter().any(|(_, p)| p.ends_with("report.toml")) {
        return Err(failure(
            format!(
                "the revision `{reference}` has no {}",
                current.sources.shown.join("report.toml").display()
            ),
            "the baseline must be a revision in which the project already had its records",
        ));
    }
    Ok(blobs)
}

/// Writes the blobs' contents into `dir`, each at its path.
fn write_blobs(
    root: &Path,
    dir: &Path,
    reference: &str,
    blobs: &[(String, String)],
) -> Result<(), Diagnostics> {
    let contents = cat_files(root, blobs).map_err(|e| {
        failure(
            format!("cannot read the baseline `{reference}`: {e}"),
            "check that git can read the repository",
        )
    })?;
    for ((_, path), bytes) in blobs.iter().zip(contents) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| failure(format!("cannot write the baseline: {e}"), ""))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| failure(format!("cannot write the baseline: {e}"), ""))?;
    }
    Ok(())
}

/// The paths of a baseline read into `dir`, shown as `shown` (`REF:prefix`)
/// followed by their path; the current templates if the baseline has no
/// locales.
fn paths_in(current: &Paths, dir: &Path, shown: &str) -> Paths {
    let shown = |rel: &Path| PathBuf::from(format!("{shown}{}", rel.display()));
    let sources_rel = current_rel(current, "sources");
    let templates_rel = current_rel(current, "templates");
    let templates = if dir.join(&templates_rel).join("locales").is_dir() {
        Dir {
            real: dir.join(&templates_rel),
            shown: shown(Path::new(&templates_rel)),
        }
    } else {
        current.templates.clone()
    };
    Paths {
        root: dir.to_path_buf(),
        sources: Dir {
            real: dir.join(&sources_rel),
            shown: shown(Path::new(&sources_rel)),
        },
        templates,
    }
}

/// A path of the project (`sources`, `templates/locales`) as the current
/// paths name it, relative to the root.
fn current_rel(current: &Paths, rel: &str) -> String {
    let (head, tail) = rel.split_once('/').unwrap_or((rel, ""));
    let base = if head == "sources" {
        &current.sources.shown
    } else {
        &current.templates.shown
    };
    let path = if tail.is_empty() {
        base.clone()
    } else {
        base.join(tail)
    };
    path.display().to_string()
}

/// The contents of git blobs, through one `git cat-file --batch`.
fn cat_files(root: &Path, blobs: &[(String, String)]) -> Result<Vec<Vec<u8>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut input = String::new();
    for (sha, _) in blobs {
        input.push_str(sha);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let mut rest = out.stdout.as_slice();
    let mut contents = Vec::new();
    for _ in blobs {
        let header_end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("a truncated answer")?;
        let header = String::from_utf8_lossy(&rest[..header_end]).to_string();
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected answer `{header}`"))?;
        let start = header_end + 1;
        let end = start + size;
        if rest.len() < end + 1 {
            return Err("a truncated answer".into());
        }
        contents.push(rest[start..end].to_vec());
        rest = &rest[end + 1..];
    }
    Ok(contents)
}
