//! Ids and references: the report's settings, ids that follow their kind's
//! pattern and are unique, references that lead to a record (with a
//! suggestion when they do not), and collections that are not empty.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::{Checker, ascii_look_alike, describe_char};
use crate::diag::{self, Diagnostic};
use crate::model::{BlockBody, FieldValue, ListItems, Record, TableSpec, Text};
use crate::schema::{self, FieldType, IdPattern, KINDS};
use crate::span::SourceFile;

impl Checker<'_> {
    /// Languages, date, document number, original language.
    pub(super) fn report(&mut self) {
        let report = &self.model.report;
        let file = &report.file;
        if report.languages.get_ref().is_empty() {
            self.push(
                Diagnostic::error("no languages configured")
                    .at(file.span(report.languages.span()), "empty list")
                    .with_help(
                        "list the editions' language codes, e.g. languages = [\"zh\", \"en\"]",
                    ),
            );
        }
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        for lang in report.languages.get_ref() {
            let code = lang.get_ref();
            if !is_language_code(code) {
                self.push(
                    Diagnostic::error(format!("`{code}` is not a language code"))
                        .at(
                            file.span(lang.span()),
                            "expected two or three lowercase ASCII letters, such as \"zh\"",
                        )
                        .with_help(self.code_for_name(code)),
                );
            }
            if let Some(first) = seen.insert(code, lang) {
                self.push(
                    Diagnostic::error(format!("language `{code}` is listed twice"))
                        .at(file.span(lang.span()), "listed again here")
                        .with_related(file.span(first.span()), "first listed here"),
                );
            }
        }
        let meta = &report.meta;
        let date = meta.date.get_ref();
        if date.date.is_none() || date.time.is_some() || date.offset.is_some() {
            self.push(
                Diagnostic::error("the document date must be a date without a time")
                    .at(file.span(meta.date.span()), "such as 2023-04-28"),
            );
        }
        if meta.document.get_ref().trim().is_empty() {
            self.push(
                Diagnostic::error("the document number is blank")
                    .at(file.span(meta.document.span()), "blank"),
            );
        }
        let original = meta.original.get_ref();
        if !is_language_code(original) {
            self.push(
                Diagnostic::error(format!("`original` is a language code, not `{original}`"))
                    .at(
                        file.span(meta.original.span()),
                        "expected a code such as \"en\"",
                    )
                    .with_help(self.code_for_name(original)),
            );
        }
        if let Some(revision) = &meta.revision
            && *revision.get_ref() < 1
        {
            self.push(
                Diagnostic::error("the revision number must be 1 or more").at(
                    file.span(revision.span()),
                    "remove `revision` for the first edition",
                ),
            );
        }
    }

    /// "write `en`" for a language name written where its code belongs.
    fn code_for_name(&self, name: &str) -> String {
        let wanted = name.trim().to_lowercase();
        for locale in self.locales {
            for (code, lang_name) in &locale.value.language_names {
                if lang_name.to_lowercase() == wanted || code.to_lowercase() == wanted {
                    return format!("write `{code}`, the code of {lang_name}");
                }
            }
        }
        let codes: Vec<&str> = self.langs.to_vec();
        format!(
            "language codes are two or three lowercase letters, such as {}",
            diag::list(&codes)
        )
    }

    /// Ids: ASCII, the kind's pattern, unique within the kind; table, block
    /// and section ids unique.
    pub(super) fn ids(&mut self) {
        let mut seen: HashMap<(&str, &str), Range<usize>> = HashMap::new();
        for record in &self.model.records {
            let (kind, id) = (record.kind, record.id.get_ref().as_str());
            if !self.id_is_well_formed(&record.file, record.id.span(), kind.what, kind.id, id) {
                continue;
            }
            if let Some(first) = seen.insert((kind.name, id), record.id.span()) {
                self.push(
                    Diagnostic::error(format!("duplicate {} id `{id}`", kind.what))
                        .at(record.file.span(record.id.span()), "defined again here")
                        .with_related(record.file.span(first), "first defined here"),
                );
            }
        }
        let mut ids: HashMap<(&str, &str), (SourceFile, Range<usize>)> = HashMap::new();
        for (_, block) in self.model.blocks() {
            let (what, id) = match (&block.body, &block.id) {
                (BlockBody::Table(t), _) => ("table", &t.id),
                (_, Some(id)) => ("paragraph", id),
                _ => continue,
            };
            if !self.id_is_well_formed(&block.file, id.span(), what, IdPattern::Slug, id.get_ref())
            {
                continue;
            }
            if let Some((file, first)) =
                ids.insert((what, id.get_ref()), (block.file.clone(), id.span()))
            {
                self.push(
                    Diagnostic::error(format!("duplicate {what} id `{}`", id.get_ref()))
                        .at(block.file.span(id.span()), "defined again here")
                        .with_related(file.span(first), "first defined here"),
                );
            }
        }
        let mut sections: HashMap<&str, &SourceFile> = HashMap::new();
        for section in &self.model.sections {
            if let Some(first) = sections.insert(&section.id, &section.file) {
                self.push(
                    Diagnostic::error(format!("two sections have the id `{}`", section.id))
                        .in_file(section.file.path())
                        .with_help(format!(
                            "the other is {}; give one an `id = \"…\"`",
                            first.path().display()
                        )),
                );
            }
        }
    }

    /// Reports a non-ASCII or malformed id; true when the id is fine.
    fn id_is_well_formed(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        what: &str,
        pattern: IdPattern,
        id: &str,
    ) -> bool {
        if let Some(c) = id.chars().find(|c| !c.is_ascii()) {
            let mut diag =
                Diagnostic::error(format!("{what} id `{id}` contains {}", describe_char(c)))
                    .at(file.span(span), "ids must be plain ASCII");
            if let Some(ascii) = ascii_look_alike(c) {
                diag = diag.with_help(format!(
                    "it looks like the ASCII `{ascii}`: type that instead"
                ));
            }
            self.push(diag);
            return false;
        }
        if !pattern.matches(id) {
            self.push(
                Diagnostic::error(format!("{what} id `{id}` does not follow the pattern"))
                    .at(file.span(span), format!("expected {}", pattern.describe())),
            );
            return false;
        }
        true
    }

    /// An error for an id that names no record, with a suggestion.
    fn unknown_ref(&self, file: &SourceFile, id: &Spanned<String>, kind: &str) -> Diagnostic {
        let k = schema::kind_named(kind).expect("a declared kind");
        let ids: Vec<&str> = self
            .model
            .of_kind(kind)
            .map(|r| r.id.get_ref().as_str())
            .collect();
        Diagnostic::error(format!("unknown {} `{}`", k.what, id.get_ref()))
            .at(file.span(id.span()), format!("no {} has this id", k.what))
            .with_help(format!(
                "{} ({} ids are defined in sources/{})",
                diag::suggestion(id.get_ref(), &ids, &format!("the {} ids", k.what)),
                k.what,
                k.file
            ))
    }

    /// A collection name (`of`, `from`), with a suggestion.
    fn collection(
        &mut self,
        file: &SourceFile,
        name: &Spanned<String>,
    ) -> Option<&'static schema::Kind> {
        if let Some(kind) = schema::kind_of_plural(name.get_ref()) {
            return Some(kind);
        }
        let plurals: Vec<&str> = KINDS.iter().map(|k| k.plural).collect();
        let singular = schema::kind_named(name.get_ref()).map(|k| k.plural);
        let help = match singular {
            Some(p) => format!("collections are plural: write \"{p}\""),
            None => diag::suggestion(name.get_ref(), &plurals, "the collections"),
        };
        self.push(
            Diagnostic::error(format!(
                "`{}` is not a collection of records",
                name.get_ref()
            ))
            .at(file.span(name.span()), "unknown collection")
            .with_help(help),
        );
        None
    }

    /// A field of a kind named in a block (`columns`, `field`, `group_by`).
    fn kind_field(
        &mut self,
        file: &SourceFile,
        kind: &schema::Kind,
        field: &Spanned<String>,
    ) -> bool {
        if kind.field_names().contains(&field.get_ref().as_str()) {
            return true;
        }
        let names = kind.field_names();
        self.push(
            Diagnostic::error(format!("{} has no field `{}`", kind.what, field.get_ref()))
                .at(file.span(field.span()), "unknown field")
                .with_help(diag::suggestion(
                    field.get_ref(),
                    &names,
                    &format!("the fields of a {}", kind.what),
                )),
        );
        false
    }

    /// References between records and from blocks resolve and agree with
    /// the ids.
    pub(super) fn references(&mut self) {
        let model = self.model;
        for record in &model.records {
            self.record_references(record);
        }
        for (_, block) in model.blocks() {
            let file = &block.file;
            match &block.body {
                BlockBody::Figure { figure }
                    if model.record("figure", figure.get_ref()).is_none() =>
                {
                    self.push(self.unknown_ref(file, figure, "figure"));
                }
                BlockBody::List {
                    items: ListItems::Records { from, field },
                    ..
                } => {
                    if let (Some(kind), Some(field)) = (self.collection(file, from), field) {
                        self.kind_field(file, kind, field);
                    }
                }
                BlockBody::Entries { of, heading, text } => {
                    if let Some(kind) = self.collection(file, of) {
                        for field in heading.iter().chain([text]) {
                            self.kind_field(file, kind, field);
                        }
                    }
                }
                BlockBody::Table(table) => self.table_references(file, table),
                _ => {}
            }
        }
    }

    /// A record's reference fields name records that exist, and its id
    /// agrees with its parent's.
    fn record_references(&mut self, record: &Record) {
        let model = self.model;
        for (field, value) in &record.fields {
            match (field.ty, value.get_ref()) {
                (FieldType::Ref(kind), FieldValue::Str(id)) => {
                    let id = Spanned::new(value.span(), id.clone());
                    if model.record(kind, id.get_ref()).is_none() {
                        self.push(self.unknown_ref(&record.file, &id, kind));
                    } else {
                        self.parent_agrees(record, kind, id.get_ref());
                    }
                }
                (FieldType::Refs(kind), FieldValue::Strs(ids)) => {
                    for id in ids {
                        if model.record(kind, id.get_ref()).is_none() {
                            self.push(self.unknown_ref(&record.file, id, kind));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A table of records: its collection, its columns' fields, its `where`
    /// filter and its `group_by` field.
    fn table_references(&mut self, file: &SourceFile, table: &TableSpec) {
        let Some(of) = &table.of else { return };
        let Some(kind) = self.collection(file, of) else {
            return;
        };
        for column in &table.columns {
            if let Some(field) = &column.field {
                self.kind_field(file, kind, field);
            }
        }
        for (field, value) in &table.filter {
            if !self.kind_field(file, kind, field) {
                continue;
            }
            if let Some(schema::Field {
                ty: FieldType::Ref(target),
                ..
            }) = kind.field(field.get_ref())
                && self.model.record(target, value.get_ref()).is_none()
            {
                self.push(self.unknown_ref(file, value, target));
            }
        }
        if let Some(group) = &table.group_by
            && self.kind_field(file, kind, group)
            && !matches!(
                kind.field(group.get_ref()).map(|f| f.ty),
                Some(FieldType::Ref(_))
            )
        {
            self.push(
                Diagnostic::error(format!(
                    "`group_by` needs a field that names another record, and `{}` does not",
                    group.get_ref()
                ))
                .at(file.span(group.span()), "not a reference"),
            );
        }
    }

    /// An initiative's id starts with its region's; a Question's ends with
    /// its study group's number.
    fn parent_agrees(&mut self, record: &Record, parent_kind: &str, parent: &str) {
        let id = record.id.get_ref();
        let (ok, expected) = match (record.kind.id, parent_kind) {
            (IdPattern::Initiative, "region") => (
                !id.is_ascii() || id.len() <= 3 || &id[..3] == parent,
                format!("an id starting with {parent}"),
            ),
            (IdPattern::Question, "study_group") => {
                let number = parent.strip_prefix("SG").unwrap_or("?");
                let suffix = id.rsplit_once('/').map(|(_, n)| n);
                (
                    !id.is_ascii() || suffix.is_none() || suffix == Some(number),
                    format!("Q<n>/{number}"),
                )
            }
            _ => return,
        };
        if !ok {
            let what = schema::kind_named(parent_kind).map_or(parent_kind, |k| k.what);
            let field = record
                .fields
                .iter()
                .find(|(f, _)| matches!(f.ty, FieldType::Ref(k) if k == parent_kind))
                .map(|(_, v)| v.span())
                .unwrap_or(record.span.clone());
            self.push(
                Diagnostic::error(format!(
                    "{} `{id}` is filed under {what} `{parent}`",
                    record.kind.what
                ))
                .at(
                    record.file.span(record.id.span()),
                    format!("expected {expected}"),
                )
                .with_related(record.file.span(field), format!("{what} given here")),
            );
        }
    }

    /// Every collection but the figures has records, every record that
    /// others belong to has some, and the file fields are sensible.
    pub(super) fn collections(&mut self) {
        let model = self.model;
        for kind in KINDS.iter().filter(|k| k.name != "figure") {
            if model.of_kind(kind.name).next().is_none() {
                let file = model.files.iter().find(|f| f.path().ends_with(kind.file));
                let d =
                    Diagnostic::error(format!("no [[{}]] records", kind.name)).with_help(format!(
                        "the report needs at least one; add a [[{}]] table",
                        kind.name
                    ));
                self.push(match file {
                    Some(file) => d.at(file.span(0..0), "in this file"),
                    None => d,
                });
            }
        }
        for kind in KINDS {
            for field in kind.fields {
                if let FieldType::Ref(parent) = field.ty {
                    self.parents_have_children(kind, field.name, parent);
                }
            }
        }
        if let Some((FieldValue::Int(n), span)) = model.file_field("resolutions.toml", "revised")
            && *n < 0
        {
            self.push(
                Diagnostic::error("the number of revised resolutions is negative")
                    .at(span, "must be 0 or more"),
            );
        }
        for kind in KINDS {
            if let Some(FieldValue::Titles(titles)) =
                model.file_field(kind.file, "groups").map(|(v, _)| v)
            {
                self.group_titles(kind, titles);
            }
        }
    }

    /// Every record of kind `parent` has a record of `kind` whose `field`
    /// names it (every region has initiatives …).
    fn parents_have_children(&mut self, kind: &schema::Kind, field: &str, parent: &str) {
        let model = self.model;
        let Some(parent_kind) = schema::kind_named(parent) else {
            return;
        };
        for p in model.of_kind(parent) {
            let used = model
                .of_kind(kind.name)
                .any(|r| r.str(field) == Some(p.id.get_ref().as_str()));
            if !used {
                self.push(
                    Diagnostic::error(format!(
                        "{} `{}` has no {}",
                        parent_kind.what,
                        p.id.get_ref(),
                        kind.plural.replace('_', " ")
                    ))
                    .at(
                        p.file.span(p.id.span()),
                        format!("no [[{}]] has this {}", kind.name, parent_kind.what),
                    )
                    .with_help(format!(
                        "remove the {} or add its {} to sources/{}",
                        parent_kind.what,
                        kind.plural.replace('_', " "),
                        kind.file
                    )),
                );
            }
        }
    }

    /// A record file's `[groups]` titles name its collections, and the
    /// kind's own collection has one.
    fn group_titles(&mut self, kind: &schema::Kind, titles: &[(Spanned<String>, Text)]) {
        let plurals: Vec<&str> = schema::kinds_in(kind.file)
            .iter()
            .map(|k| k.plural)
            .collect();
        for (name, text) in titles {
            if !plurals.contains(&name.get_ref().as_str()) {
                self.push(
                    Diagnostic::error(format!(
                        "`{}` is not a collection of {}",
                        name.get_ref(),
                        kind.file
                    ))
                    .at(text.whole(), "unknown group")
                    .with_help(diag::suggestion(
                        name.get_ref(),
                        &plurals,
                        "the groups",
                    )),
                );
            }
        }
        for plural in &plurals {
            if !titles.iter().any(|(n, _)| n.get_ref() == plural) && *plural == kind.plural {
                let (_, span) = self.model.file_field(kind.file, "groups").expect("present");
                self.push(
                    Diagnostic::error(format!("`groups` has no title for `{plural}`"))
                        .at(span, "the groups' titles")
                        .with_help(format!("add {plural}.zh = \"…\" and {plural}.en = \"…\"")),
                );
            }
        }
    }
}

/// Two or three lowercase ASCII letters.
fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}
