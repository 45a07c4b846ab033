//! Reading a translated XLIFF 1.2 file: every `<file>` must be for this
//! document and a configured language pair, every unit for a text that
//! exists, every target must keep the inline codes of its source. Each
//! problem is a located diagnostic in the XLIFF file; units without a
//! target, or in state `new` or `needs-translation`, are left out.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::codes::{self, CodeKind};
use super::records::Edit;
use super::xml::{self, Element, Node};
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::model::{Model, TextItem};
use crate::placeholder;
use crate::span::SourceFile;

/// A parsed XLIFF file.
pub struct Xliff {
    /// The file, for spans.
    pub file: SourceFile,
    /// Its root element.
    pub root: Element,
}

impl Xliff {
    /// Reads and parses `path`, shown as it is given.
    pub fn read(path: &Path) -> Result<Xliff, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error(format!(
                "cannot read the XLIFF file: {}",
                crate::source::describe_io(&e)
            ))
            .in_file(path)
        })?;
        let file = crate::source::decode(path.to_path_buf(), bytes)?;
        Xliff::parse(file)
    }

    /// Parses a file already read.
    pub fn parse(file: SourceFile) -> Result<Xliff, Diagnostic> {
        let root = xml::parse(&file)?;
        Ok(Xliff { file, root })
    }

    /// The `<file>` elements.
    fn files(&self) -> impl Iterator<Item = &Element> {
        self.root.elements().filter(|e| e.name == "file")
    }

    /// The target languages its files name, to load the project with
    /// these allowed to be incomplete.
    pub fn target_languages(&self) -> Vec<String> {
        self.files()
            .filter_map(|f| f.attr("target-language"))
            .map(|a| a.value.clone())
            .collect()
    }
}

/// What an XLIFF file changes in the records.
#[derive(Default)]
pub struct Plan {
    /// Strings to write, with the file that holds each (as shown) and the
    /// target they come from.
    pub edits: Vec<Planned>,
    /// Units whose target is what the records already say.
    pub unchanged: usize,
    /// Units left out: no target, or not translated yet.
    pub untranslated: usize,
    /// Units left out because their source changed since the export.
    pub warnings: Diagnostics,
}

/// One string to write.
pub struct Planned {
    /// What to write.
    pub edit: Edit,
    /// The record file, as diagnostics show it.
    pub file: PathBuf,
    /// The target it comes from.
    pub from: crate::span::Span,
}

/// Checks an XLIFF file against the model; every error found, or what to
/// write.
pub fn plan(model: &Model, xliff: &Xliff) -> Result<Plan, Diagnostics> {
    let texts = model.texts();
    let mut reader = Reader {
        xliff,
        model,
        by_id: texts.iter().map(|t| (t.id.as_str(), t)).collect(),
        seen: HashMap::new(),
        plan: Plan::default(),
        errors: Vec::new(),
    };
    reader.root();
    if reader.errors.is_empty() {
        Ok(reader.plan)
    } else {
        Err(reader.errors)
    }
}

struct Reader<'a> {
    xliff: &'a Xliff,
    model: &'a Model,
    by_id: HashMap<&'a str, &'a TextItem<'a>>,
    /// Units read, by text id and language, with where.
    seen: HashMap<(String, String), Range<usize>>,
    plan: Plan,
    errors: Diagnostics,
}

/// The language pair of a `<file>`.
struct Pair<'a> {
    from: &'a str,
    to: &'a str,
}

impl<'a> Reader<'a> {
    fn span(&self, range: Range<usize>) -> crate::span::Span {
        self.xliff.file.span(range)
    }

    /// An error at bytes `at` of the XLIFF file.
    fn error(&self, message: String, at: Range<usize>, label: &str) -> Diagnostic {
        Diagnostic::error(message).at(self.span(at), label)
    }

    fn push(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn root(&mut self) {
        let root = &self.xliff.root;
        if root.name != "xliff" {
            self.push(self.error(
                format!("not an XLIFF file: the root element is `<{}>`", root.name),
                root.tag.clone(),
                "expected <xliff version=\"1.2\">",
            ));
            return;
        }
        if let Some(v) = root.attr("version").filter(|v| v.value != "1.2") {
            self.push(
                self.error(
                    format!("XLIFF {} is not read here, only XLIFF 1.2", v.value),
                    v.span.clone(),
                    "version",
                )
                .with_help("save it as XLIFF 1.2 in the translation tool, as it was exported"),
            );
            return;
        }
        let files: Vec<&Element> = self.xliff.files().collect();
        if files.is_empty() {
            self.push(self.error(
                "the XLIFF file holds no <file>".into(),
                root.tag.clone(),
                "",
            ));
        }
        for file in files {
            if let Some(pair) = self.file(file) {
                for unit in units(file) {
                    self.unit(&pair, unit);
                }
            }
        }
    }

    /// Checks a `<file>`'s document and languages.
    fn file(&mut self, file: &'a Element) -> Option<Pair<'a>> {
        let document = self.model.report.meta.document.get_ref();
        let Some(original) = file.attr("original") else {
            self.push(self.error(
                "<file> has no `original`: it does not say which document it is for".into(),
                file.tag.clone(),
                "",
            ));
            return None;
        };
        if original.value != *document {
            let to = file
                .attr("target-language")
                .map_or("…", |a| a.value.as_str());
            self.push(
                self.error(
                    format!("this file is for document `{}`, not `{document}`", original.value),
                    original.span.clone(),
                    "another document",
                )
                .with_help(format!(
                    "import the XLIFF exported from this project: tdag-report translate export --to {to}"
                )),
            );
            return None;
        }
        let from = self.language(file, "source-language");
        let to = self.language(file, "target-language");
        let (from, to) = (from?, to?);
        if from == to {
            let at = file
                .attr("target-language")
                .map_or(file.tag.clone(), |a| a.span.clone());
            self.push(self.error(
                format!("source and target language are both `{to}`"),
                at,
                "same as the source",
            ));
            return None;
        }
        Some(Pair { from, to })
    }

    /// A language attribute of a `<file>`: present and configured.
    fn language(&mut self, file: &'a Element, name: &str) -> Option<&'a str> {
        let Some(attr) = file.attr(name) else {
            self.push(self.error(format!("<file> has no {name}"), file.tag.clone(), ""));
            return None;
        };
        let languages = self.model.languages();
        if languages.contains(&attr.value.as_str()) {
            return Some(attr.value.as_str());
        }
        let report = &self.model.report;
        let help = match diag::closest(&attr.value, languages.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "add `{}` to `languages` in {} to translate into it",
                attr.value,
                report.file.path().display()
            ),
        };
        self.push(
            self.error(
                format!("`{}` is not a configured language", attr.value),
                attr.span.clone(),
                name,
            )
            .with_related(
                report.file.span(report.languages.span()),
                "languages are configured here",
            )
            .with_help(help),
        );
        None
    }

    /// Reads one `<trans-unit>`.
    fn unit(&mut self, pair: &Pair<'a>, unit: &'a Element) {
        let Some(id) = unit.attr("id") else {
            self.push(self.error("<trans-unit> has no id".into(), unit.tag.clone(), ""));
            return;
        };
        let Some(item) = self.by_id.get(id.value.as_str()).copied() else {
            let again = "the sources may have changed since the export; export again";
            let help = match diag::closest(&id.value, self.by_id.keys().copied()) {
                Some(best) => format!("did you mean `{best}`? Else {again}"),
                None => again.to_string(),
            };
            self.push(
                self.error(
                    format!("no text `{}` in the sources", id.value),
                    id.span.clone(),
                    "unknown id",
                )
                .with_help(help),
            );
            return;
        };
        let key = (id.value.clone(), pair.to.to_string());
        if let Some(first) = self.seen.get(&key).cloned() {
            self.push(
                self.error(
                    format!("`{}` is translated twice into `{}`", id.value, pair.to),
                    id.span.clone(),
                    "again here",
                )
                .with_related(self.span(first), "first here"),
            );
            return;
        }
        self.seen.insert(key, id.span.clone());
        let Some(target) = unit.child("target").filter(|t| is_translated(t)) else {
            self.plan.untranslated += 1;
            return;
        };
        let Some(source) = unit.child("source") else {
            self.push(self.error(
                format!("the unit `{}` has no <source>", id.value),
                unit.tag.clone(),
                "",
            ));
            return;
        };
        let Some(value) = self.translation(item, pair, source, target) else {
            return;
        };
        if item.text.text.get(pair.to) == Some(value.as_str()) {
            self.plan.unchanged += 1;
            return;
        }
        self.plan.edits.push(Planned {
            edit: Edit {
                id: item.id.clone(),
                path: item.path.clone(),
                lang: pair.to.to_string(),
                value,
            },
            file: item.text.text.file.path().to_path_buf(),
            from: self.span(target.span.clone()),
        });
    }

    /// The text a target gives, if it keeps the source's codes and the
    /// source is the one in the records.
    fn translation(
        &mut self,
        item: &TextItem<'_>,
        pair: &Pair<'_>,
        source: &Element,
        target: &Element,
    ) -> Option<String> {
        let id = &item.id;
        let source_parts = self.parts(source)?;
        let target_parts = self.parts(target)?;
        if Some(join(&source_parts).as_str()) != item.text.text.get(pair.from) {
            let d = Diagnostic::warning(format!(
                "the `{}` text of `{id}` changed since this file was exported; its translation is not imported",
                pair.from
            ))
            .at(self.span(source.span.clone()), "the text as exported")
            .with_help(format!(
                "export again (tdag-report translate export --to {}); translation tools carry the translation over from their memory",
                pair.to
            ));
            self.plan.warnings.push(d);
            return None;
        }
        let text = join(&target_parts);
        let current = item.text.text.get(pair.to);
        if current == Some(text.as_str()) {
            return Some(text);
        }
        let present = current.map(codes::split).unwrap_or_default();
        if !self.same_codes(id, &source_parts, &target_parts, &present, target) {
            return None;
        }
        let at = target.span.clone();
        let problem = if text.trim().is_empty() {
            Some((
                format!("empty translation of `{id}`"),
                "nothing to import",
                "translate it, or set state=\"new\" on the <target> to leave it out",
            ))
        } else if text.contains(['\n', '\r', '\t']) {
            Some((
                format!("line break or tab in the translation of `{id}`"),
                "texts are single paragraphs",
                "join the lines with a space",
            ))
        } else if placeholder::parse(&text).is_err() {
            Some((
                format!("the inline codes in the translation of `{id}` do not nest"),
                "codes out of order",
                "each <bpt> must come before its <ept>, and a pair opened inside another must close inside it",
            ))
        } else {
            None
        };
        match problem {
            Some((message, label, help)) => {
                self.push(self.error(message, at, label).with_help(help));
                None
            }
            None => Some(text),
        }
    }

    /// Whether the target keeps the codes it must: those of the source,
    /// except that where a translation is already in the records it keeps
    /// that translation's own (a placeholder's format may differ from the
    /// source's, a name may be written out); reports every difference.
    fn same_codes(
        &mut self,
        id: &str,
        source: &[Part],
        target: &[Part],
        present: &[codes::Part],
        at: &Element,
    ) -> bool {
        let before = self.errors.len();
        let (source, target) = (codes_of(source), codes_of(target));
        let present: Vec<(CodeKind, &str)> = present
            .iter()
            .filter_map(|p| match p {
                codes::Part::Code(c) => Some((c.kind, c.native.as_str())),
                codes::Part::Text(_) => None,
            })
            .collect();
        self.extra_codes(id, &source, &target, &present);
        self.lost_codes(id, &source, &target, &present, at);
        self.errors.len() == before
    }

    /// Reports target codes found neither in the source nor in the present
    /// translation, or more often than in either.
    fn extra_codes(
        &mut self,
        id: &str,
        source: &[Code],
        target: &[Code],
        present: &[(CodeKind, &str)],
    ) {
        let mut used: Vec<&Code> = Vec::new();
        for code in target {
            let in_source = source.iter().filter(|c| c.key() == code.key()).count();
            let in_present = present.iter().filter(|&&p| p == code.key()).count();
            let limit = in_source.max(in_present);
            let earlier: Vec<&&Code> = used.iter().filter(|u| u.key() == code.key()).collect();
            let d = match earlier.first() {
                _ if limit == 0 => self.foreign(id, code, source),
                Some(first) if earlier.len() >= limit => self
                    .error(
                        format!("the translation of `{id}` has {} twice", describe(code)),
                        code.span.clone(),
                        "again here",
                    )
                    .with_related(self.span(first.span.clone()), "first here")
                    .with_help("remove one: each code of the source is used once"),
                _ => {
                    used.push(code);
                    continue;
                }
            };
            self.push(d);
        }
    }

    /// Reports source codes missing in the target, unless the present
    /// translation does without them too; an altered code (one with the
    /// source code's number) was reported as altered.
    fn lost_codes(
        &mut self,
        id: &str,
        source: &[Code],
        target: &[Code],
        present: &[(CodeKind, &str)],
        at: &Element,
    ) {
        for code in source {
            let same_place = |(kind, native): (CodeKind, &str)| {
                kind == code.kind
                    && (native == code.content
                        || (kind == CodeKind::Placeholder
                            && codes::path(native) == codes::path(&code.content)))
            };
            let required = present.is_empty() || present.iter().any(|&p| same_place(p));
            let kept = target
                .iter()
                .any(|t| same_place(t.key()) || (t.kind, &t.id) == (code.kind, &code.id));
            if required && !kept {
                self.push(
                    self.error(
                        format!("the translation of `{id}` lost {}", describe(code)),
                        at.tag.clone(),
                        "missing in this target",
                    )
                    .with_related(self.span(code.span.clone()), "in the source")
                    .with_help("insert the code from the source where the translation needs it (translation tools have a key for the next code)"),
                );
            }
        }
    }

    /// The error for a target code that is neither in the source nor in
    /// the translation in the records: altered if the source has a code of
    /// its number, else added.
    fn foreign(&self, id: &str, code: &Code, source: &[Code]) -> Diagnostic {
        match source
            .iter()
            .find(|c| c.kind == code.kind && c.id == code.id)
        {
            Some(original) => self
                .error(
                    format!(
                        "the translation of `{id}` altered {}: it reads `{}`",
                        describe(original),
                        code.content
                    ),
                    code.span.clone(),
                    "altered",
                )
                .with_related(self.span(original.span.clone()), "in the source")
                .with_help("codes are kept as they are: copy it from the source"),
            None => self
                .error(
                    format!(
                        "the translation of `{id}` has {}, which is not in the source",
                        describe(code)
                    ),
                    code.span.clone(),
                    "not in the source",
                )
                .with_help("remove it: only the codes of the source can be used"),
        }
    }

    /// The words and codes of a `<source>` or `<target>`.
    fn parts(&mut self, element: &Element) -> Option<Vec<Part>> {
        let mut parts = Vec::new();
        let before = self.errors.len();
        self.collect(element, &mut parts);
        (self.errors.len() == before).then_some(parts)
    }

    fn collect(&mut self, element: &Element, parts: &mut Vec<Part>) {
        for node in &element.children {
            let e = match node {
                Node::Text(t, _) => {
                    parts.push(Part::Text(t.clone()));
                    continue;
                }
                Node::Element(e) => e,
            };
            let kind = match e.name.as_str() {
                "ph" => CodeKind::Placeholder,
                "bpt" => CodeKind::Open,
                "ept" => CodeKind::Close,
                "mrk" => {
                    self.collect(e, parts);
                    continue;
                }
                other => {
                    self.push(
                        self.error(
                            format!("`<{other}>` cannot be imported"),
                            e.span.clone(),
                            "not a code of the source",
                        )
                        .with_help("only the inline codes of the source (ph, bpt, ept) may appear; remove it"),
                    );
                    continue;
                }
            };
            if e.elements().next().is_some() {
                self.push(self.error(
                    format!("`<{}>` holds markup", e.name),
                    e.span.clone(),
                    "expected its text only",
                ));
                continue;
            }
            parts.push(Part::Code(Code {
                kind,
                id: e.attr("id").map_or_else(String::new, |a| a.value.clone()),
                content: e.text(),
                span: e.span.clone(),
            }));
        }
    }
}

/// A piece of XLIFF content.
enum Part {
    Text(String),
    Code(Code),
}

/// An inline code as found.
#[derive(Clone)]
struct Code {
    kind: CodeKind,
    id: String,
    content: String,
    span: Range<usize>,
}

impl Code {
    /// What makes two codes the same: kind and syntax.
    fn key(&self) -> (CodeKind, &str) {
        (self.kind, &self.content)
    }
}

/// The text syntax the parts stand for.
fn join(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => placeholder::escape(t),
            Part::Code(c) => c.content.clone(),
        })
        .collect()
}

/// The codes among parts.
fn codes_of(parts: &[Part]) -> Vec<Code> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Code(c) => Some(c.clone()),
            Part::Text(_) => None,
        })
        .collect()
}

/// A code for a message.
fn describe(code: &Code) -> String {
    match code.kind {
        CodeKind::Placeholder => format!("the placeholder `{}`", code.content),
        CodeKind::Open => format!("the opening `{}` of markup", code.content),
        CodeKind::Close => format!("the closing `{}` of markup", code.content),
    }
}

/// Whether a target is meant to be imported: not marked untranslated.
fn is_translated(target: &Element) -> bool {
    !matches!(
        target.attr("state").map(|a| a.value.as_str()),
        Some("new" | "needs-translation")
    )
}

/// The `<trans-unit>`s of a `<file>`, groups included, in order.
fn units(file: &Element) -> Vec<&Element> {
    fn walk<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
        for child in e.elements() {
            match child.name.as_str() {
                "trans-unit" => out.push(child),
                "body" | "group" => walk(child, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(file, &mut out);
    out
}
