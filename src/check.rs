//! Validation of the records: every rule reports its own located error, and
//! all errors of a run are collected.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::index::{Index, Record, TextRef};
use crate::locale::Locale;
use crate::resolve::{Resolver, value_span};
use crate::source::{Block, BlockKind, Draw, Loaded, SourceFile, Sources, TableOf};

/// Years before and after these are typing mistakes.
const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;

/// Longest text accepted, in characters: far above any real paragraph.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Runs every rule over the sources with the locales of the configured
/// languages (in the order of `languages`).
pub fn check(sources: &Sources, locales: &[Loaded<Locale>]) -> Diagnostics {
    let index = Index::new(sources);
    let langs: Vec<&str> = locales
        .iter()
        .map(|l| l.value.code.get_ref().as_str())
        .collect();
    let mut c = Checker {
        index: &index,
        langs: &langs,
        diags: Vec::new(),
    };
    c.languages();
    c.ids();
    c.references();
    c.collections_not_empty();
    c.periods();
    c.sections();
    c.blocks();
    c.figures();
    c.texts();
    c.placeholders(locales);
    dedup(c.diags)
}

/// Drops repeated diagnostics (the same text reached through two paths).
fn dedup(diags: Diagnostics) -> Diagnostics {
    let mut seen = BTreeSet::new();
    diags
        .into_iter()
        .filter(|d| {
            let place = d
                .span
                .as_ref()
                .map(|(s, _)| (s.file.path().to_path_buf(), s.range.start));
            seen.insert((d.message.clone(), place))
        })
        .collect()
}

struct Checker<'a> {
    index: &'a Index<'a>,
    langs: &'a [&'a str],
    diags: Diagnostics,
}

/// Pattern of a kind's ids: a description and a test.
fn id_pattern(kind: &str) -> (&'static str, fn(&str) -> bool) {
    fn slug(id: &str) -> bool {
        let mut chars = id.chars();
        chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.ends_with('-')
    }
    fn positive(digits: &str) -> bool {
        !digits.is_empty() && !digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit())
    }
    match kind {
        "region" => ("three capital letters, such as AFR", |id| {
            id.len() == 3 && id.chars().all(|c| c.is_ascii_uppercase())
        }),
        "initiative" => ("a region id and a number, such as AFR1", |id| {
            id.len() > 3 && id[..3].chars().all(|c| c.is_ascii_uppercase()) && positive(&id[3..])
        }),
        "study_group" => ("SG and a number, such as SG1", |id| {
            id.strip_prefix("SG").is_some_and(positive)
        }),
        "question" => ("Q<number>/<study group number>, such as Q3/1", |id| {
            id.strip_prefix('Q')
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(q, sg)| positive(q) && positive(sg))
        }),
        "resolution" => ("the resolution's number, such as 87", positive),
        _ => (
            "lowercase letters, digits and hyphens, such as kap-structure",
            slug,
        ),
    }
}

/// Describes a character for a message: `'С' (U+0421 CYRILLIC CAPITAL LETTER ES)`.
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    let shown = if c.is_control() || is_bidi_control(c) {
        String::new()
    } else {
        format!("{c:?} ")
    };
    match unicode_names2::name(c) {
        Some(name) => format!("{shown}({code} {name})"),
        None => format!("{shown}({code})"),
    }
}

/// Bidirectional embedding, override and isolate controls.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The ASCII character a look-alike stands for, if any.
fn ascii_look_alike(c: char) -> Option<String> {
    use unicode_security::confusable_detection::skeleton;
    let skel: String = skeleton(&c.to_string()).collect();
    (skel.is_ascii() && !skel.is_empty()).then_some(skel)
}

impl Checker<'_> {
    fn push(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    fn report_file(&self) -> &SourceFile {
        &self.index.sources.report.file
    }

    fn languages(&mut self) {
        let report = &self.index.sources.report;
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        if report.value.languages.get_ref().is_empty() {
            self.push(
                Diagnostic::error("no languages configured")
                    .at(report.span(&report.value.languages), "empty list")
                    .with_help(
                        "list the editions' language codes, e.g. languages = [\"zh\", \"en\"]",
                    ),
            );
        }
        for lang in report.value.languages.get_ref() {
            let code = lang.get_ref();
            if code.len() < 2 || code.len() > 3 || !code.chars().all(|c| c.is_ascii_lowercase()) {
                self.push(
                    Diagnostic::error(format!("`{code}` is not a language code")).at(
                        report.span(lang),
                        "expected two or three lowercase ASCII letters, such as \"zh\"",
                    ),
                );
            }
            if let Some(first) = seen.insert(code, lang) {
                self.push(
                    Diagnostic::error(format!("language `{code}` is listed twice"))
                        .at(report.span(lang), "listed again here")
                        .with_related(report.span(first), "first listed here"),
                );
            }
        }
        let meta = &report.value.meta;
        let date = meta.date.get_ref();
        if date.date.is_none() || date.time.is_some() || date.offset.is_some() {
            self.push(
                Diagnostic::error("the document date must be a date without a time")
                    .at(report.span(&meta.date), "such as 2023-04-28"),
            );
        }
        if meta.document.get_ref().trim().is_empty() {
            self.push(
                Diagnostic::error("the document number is blank")
                    .at(report.span(&meta.document), "blank"),
            );
        }
    }

    /// Ids: ASCII, the kind's pattern, unique within the kind.
    fn ids(&mut self) {
        let mut seen: HashMap<(&str, &str), std::ops::Range<usize>> = HashMap::new();
        for record in self.index.all_records() {
            let file = self.index.file_of(record);
            let span = id_span(record);
            let (kind, id) = (record.kind(), record.id());
            if !self.id_is_well_formed(file, span.clone(), kind, id) {
                continue;
            }
            if let Some(first) = seen.insert((kind, id), span.clone()) {
                self.push(
                    Diagnostic::error(format!("duplicate {} id `{id}`", kind.replace('_', " ")))
                        .at(file.span(span), "defined again here")
                        .with_related(file.span(first), "first defined here"),
                );
            }
        }
        let mut tables: HashMap<&str, (SourceFile, std::ops::Range<usize>)> = HashMap::new();
        for block in self.index.blocks() {
            if let (BlockKind::Table, Some(id)) = (block.block.kind.get_ref(), &block.block.id) {
                if !self.id_is_well_formed(block.file, id.span(), "table", id.get_ref()) {
                    continue;
                }
                if let Some((file, first)) =
                    tables.insert(id.get_ref(), (block.file.clone(), id.span()))
                {
                    self.push(
                        Diagnostic::error(format!("duplicate table id `{}`", id.get_ref()))
                            .at(block.file.span(id.span()), "defined again here")
                            .with_related(file.span(first), "first defined here"),
                    );
                }
            }
        }
    }

    /// Reports a non-ASCII or malformed id; true when the id is fine.
    fn id_is_well_formed(
        &mut self,
        file: &SourceFile,
        span: std::ops::Range<usize>,
        kind: &str,
        id: &str,
    ) -> bool {
        let what = kind.replace('_', " ");
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
        let (pattern, matches) = id_pattern(kind);
        if !matches(id) {
            self.push(
                Diagnostic::error(format!("{what} id `{id}` does not follow the pattern"))
                    .at(file.span(span), format!("expected {pattern}")),
            );
            return false;
        }
        true
    }

    /// References between records resolve and agree with the ids.
    fn references(&mut self) {
        let s = self.index.sources;
        for initiative in &s.initiatives.value.initiative {
            let region = initiative.region.get_ref();
            if self.index.record("region", region).is_none() {
                self.push(self.unknown_ref(
                    &s.initiatives.file,
                    &initiative.region,
                    "region",
                    "regions.toml",
                ));
            } else {
                let id = initiative.id.get_ref();
                if id.is_ascii() && id.len() > 3 && &id[..3] != region {
                    self.push(
                        Diagnostic::error(format!(
                            "initiative `{id}` is filed under region `{region}`"
                        ))
                        .at(
                            s.initiatives.span(&initiative.id),
                            format!("expected an id starting with {region}"),
                        )
                        .with_related(s.initiatives.span(&initiative.region), "region given here"),
                    );
                }
            }
        }
        for question in &s.questions.value.question {
            let sg = question.study_group.get_ref();
            if self.index.record("study_group", sg).is_none() {
                self.push(self.unknown_ref(
                    &s.questions.file,
                    &question.study_group,
                    "study group",
                    "study-groups.toml",
                ));
                continue;
            }
            let id = question.id.get_ref();
            let suffix = id.rsplit_once('/').map(|(_, n)| n);
            let number = sg.strip_prefix("SG");
            if id.is_ascii() && suffix.is_some() && suffix != number {
                self.push(
                    Diagnostic::error(format!("Question `{id}` is filed under study group `{sg}`"))
                        .at(
                            s.questions.span(&question.id),
                            format!("expected Q<n>/{}", number.unwrap_or("?")),
                        )
                        .with_related(
                            s.questions.span(&question.study_group),
                            "study group given here",
                        ),
                );
            }
        }
        for figure in &s.figures.value.figure {
            for output in figure.outputs.iter().flat_map(|o| o.get_ref()) {
                if self.index.record("output", output.get_ref()).is_none() {
                    self.push(self.unknown_ref(&s.figures.file, output, "output", "outputs.toml"));
                }
            }
        }
        for block in self.index.blocks() {
            if let Some(figure) = &block.block.figure
                && self.index.record("figure", figure.get_ref()).is_none()
            {
                self.push(self.unknown_ref(block.file, figure, "figure", "figures.toml"));
            }
            if let Some(sg) = &block.block.study_group
                && self.index.record("study_group", sg.get_ref()).is_none()
            {
                self.push(self.unknown_ref(block.file, sg, "study group", "study-groups.toml"));
            }
        }
    }

    fn unknown_ref(
        &self,
        file: &SourceFile,
        id: &Spanned<String>,
        what: &str,
        defined_in: &str,
    ) -> Diagnostic {
        Diagnostic::error(format!("unknown {what} `{}`", id.get_ref()))
            .at(file.span(id.span()), format!("no {what} has this id"))
            .with_help(format!("{what} ids are defined in sources/{defined_in}"))
    }

    /// Collections the report counts are not empty, and every region and
    /// study group has records under it.
    fn collections_not_empty(&mut self) {
        let s = self.index.sources;
        let files: [(&str, &str, &SourceFile); 9] = [
            ("outputs", "[[output]]", &s.outputs.file),
            ("priorities", "[[priority]]", &s.kap.file),
            ("products", "[[product]]", &s.kap.file),
            ("enablers", "[[enabler]]", &s.kap.file),
            ("regions", "[[region]]", &s.regions.file),
            ("initiatives", "[[initiative]]", &s.initiatives.file),
            ("study_groups", "[[study_group]]", &s.study_groups.file),
            ("questions", "[[question]]", &s.questions.file),
            ("resolutions", "[[resolution]]", &s.resolutions.file),
        ];
        for (collection, header, file) in files {
            if self.index.count(collection) == Some(0) {
                self.push(
                    Diagnostic::error(format!("no {header} records"))
                        .at(file.span(0..0), "in this file")
                        .with_help(format!(
                            "the report needs at least one; add a {header} table"
                        )),
                );
            }
        }
        for region in &s.regions.value.region {
            let id = region.id.get_ref();
            if !s
                .initiatives
                .value
                .initiative
                .iter()
                .any(|i| i.region.get_ref() == id)
            {
                self.push(
                    Diagnostic::error(format!("region `{id}` has no initiatives"))
                        .at(
                            s.regions.span(&region.id),
                            "no [[initiative]] has this region",
                        )
                        .with_help(
                            "remove the region or add its initiatives to sources/initiatives.toml",
                        ),
                );
            }
        }
        for sg in &s.study_groups.value.study_group {
            let id = sg.id.get_ref();
            if !s
                .questions
                .value
                .question
                .iter()
                .any(|q| q.study_group.get_ref() == id)
            {
                self.push(
                    Diagnostic::error(format!("study group `{id}` has no Questions"))
                        .at(
                            s.study_groups.span(&sg.id),
                            "no [[question]] has this study group",
                        )
                        .with_help(
                            "remove the study group or add its Questions to sources/questions.toml",
                        ),
                );
            }
        }
        let revised = &s.resolutions.value.revised;
        if *revised.get_ref() < 0 {
            self.push(
                Diagnostic::error("the number of revised resolutions is negative")
                    .at(s.resolutions.span(revised), "must be 0 or more"),
            );
        }
    }

    fn year(&mut self, file: &SourceFile, year: &Spanned<i64>) -> bool {
        if YEARS.contains(year.get_ref()) {
            return true;
        }
        self.push(
            Diagnostic::error(format!("implausible year {}", year.get_ref())).at(
                file.span(year.span()),
                format!("expected a year from {} to {}", YEARS.start(), YEARS.end()),
            ),
        );
        false
    }

    /// Work cycles and years.
    fn periods(&mut self) {
        let s = self.index.sources;
        let file = &s.outputs.file;
        for output in &s.outputs.value.output {
            let start_ok = self.year(file, &output.start);
            match (&output.end, &output.until) {
                (Some(end), until) => {
                    if self.year(file, end) && start_ok && end.get_ref() < output.start.get_ref() {
                        self.push(
                            Diagnostic::error(format!(
                                "work cycle of `{}` ends in {} before it starts in {}",
                                output.id.get_ref(),
                                end.get_ref(),
                                output.start.get_ref()
                            ))
                            .at(file.span(end.span()), "end year")
                            .with_related(file.span(output.start.span()), "start year"),
                        );
                    }
                    if let Some(until) = until {
                        self.push(
                            Diagnostic::error(format!(
                                "`{}` has both an end year and `until`",
                                output.id.get_ref()
                            ))
                            .at(
                                file.span(until.span()),
                                "`until` is for open-ended cycles only",
                            ),
                        );
                    }
                }
                (None, None) => self.push(
                    Diagnostic::error(format!(
                        "open-ended work cycle of `{}` says nothing of its end",
                        output.id.get_ref()
                    ))
                    .at(file.span(output.id.span()), "no `end` and no `until`")
                    .with_help(
                        "give `end = <year>`, or `until` with a text such as \"until amended\"",
                    ),
                ),
                (None, Some(_)) => {}
            }
        }
        let file = &s.resolutions.file;
        for resolution in &s.resolutions.value.resolution {
            self.year(file, &resolution.year);
        }
    }

    /// Section numbers run 1, 2, 3 … and each is used once.
    fn sections(&mut self) {
        let mut expected = 1u32;
        for section in self.index.sections() {
            let number = &section.value.number;
            let span = section.span(number);
            match number.get_ref().parse::<u32>() {
                Ok(n) if n == expected && number.get_ref() == &n.to_string() => expected += 1,
                Ok(n) if n < expected => self.push(
                    Diagnostic::error(format!("section {n} is defined twice"))
                        .at(span, format!("another section file has number {n}")),
                ),
                _ => self.push(
                    Diagnostic::error(format!(
                        "section number `{}` is out of sequence",
                        number.get_ref()
                    ))
                    .at(span, format!("expected \"{expected}\"")),
                ),
            }
        }
    }

    /// Each block has the fields of its kind, and numbers run in order.
    fn blocks(&mut self) {
        let s = self.index.sources;
        let front = [
            &s.report.value.summary,
            &s.report.value.action,
            &s.report.value.references,
        ];
        for block in front.into_iter().flatten() {
            self.block_fields(&s.report.file, block);
            if let Some(number) = &block.number {
                self.push(
                    Diagnostic::error("numbered block in the front matter")
                        .at(s.report.span(number), "only section content is numbered"),
                );
            }
        }
        for section in self.index.sections() {
            let mut previous: Option<Vec<u32>> = None;
            for block in &section.value.block {
                self.block_fields(&section.file, block);
                if let Some(number) = &block.number {
                    previous = Some(self.block_number(section, number, previous.take()));
                }
            }
        }
    }

    /// Checks one paragraph or heading number against the previous one;
    /// returns the number to compare the next with.
    fn block_number(
        &mut self,
        section: &Loaded<crate::source::SectionFile>,
        number: &Spanned<String>,
        previous: Option<Vec<u32>>,
    ) -> Vec<u32> {
        let parts: Option<Vec<u32>> = number
            .get_ref()
            .split('.')
            .map(|p| p.parse().ok())
            .collect();
        let section_number: u32 = section.value.number.get_ref().parse().unwrap_or(0);
        let Some(parts) = parts.filter(|p| p.len() >= 2 && p.iter().all(|&n| n > 0)) else {
            self.push(
                Diagnostic::error(format!("`{}` is not a paragraph number", number.get_ref())).at(
                    section.span(number),
                    format!("expected {section_number}.<n>, such as \"{section_number}.1\""),
                ),
            );
            return previous.unwrap_or_default();
        };
        let mut expected = match &previous {
            None => vec![section_number, 1],
            Some(prev) => {
                let mut next = prev.clone();
                if parts.len() > prev.len() {
                    next.push(1);
                } else {
                    next.truncate(parts.len());
                    if let Some(last) = next.last_mut() {
                        *last = last.saturating_add(1);
                    }
                }
                next
            }
        };
        if expected.len() < 2 {
            expected = vec![section_number, 1];
        }
        if parts != expected {
            let show = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
            let after = match &previous {
                Some(prev) => format!(" after {}", show(prev)),
                None => String::new(),
            };
            self.push(
                Diagnostic::error(format!(
                    "paragraph number {} is out of sequence",
                    number.get_ref()
                ))
                .at(
                    section.span(number),
                    format!("expected {}{after}", show(&expected)),
                ),
            );
        }
        parts
    }

    fn block_fields(&mut self, file: &SourceFile, block: &Block) {
        let kind = *block.kind.get_ref();
        let present: [(&str, Option<std::ops::Range<usize>>); 11] = [
            ("number", block.number.as_ref().map(Spanned::span)),
            ("lead", block.lead.as_ref().map(|t| t.span())),
            ("text", block.text.as_ref().map(|t| t.span())),
            ("style", block.style.as_ref().map(Spanned::span)),
            ("item", block.item.as_ref().map(Spanned::span)),
            ("from", block.from.as_ref().map(Spanned::span)),
            ("id", block.id.as_ref().map(Spanned::span)),
            ("of", block.of.as_ref().map(Spanned::span)),
            ("study_group", block.study_group.as_ref().map(Spanned::span)),
            ("caption", block.caption.as_ref().map(|t| t.span())),
            ("figure", block.figure.as_ref().map(Spanned::span)),
        ];
        let (required, allowed): (&[&str], &[&str]) = match kind {
            BlockKind::Para => (&["text"], &["number", "lead", "text"]),
            BlockKind::Heading => (&["text"], &["number", "text"]),
            BlockKind::List => (&["style"], &["style", "item", "from"]),
            BlockKind::Priorities => (&[], &[]),
            BlockKind::Table => (
                &["id", "of", "caption"],
                &["id", "of", "study_group", "caption"],
            ),
            BlockKind::Figure => (&["figure"], &["figure"]),
        };
        let kind_span = file.span(block.kind.span());
        for (name, span) in &present {
            if let Some(span) = span
                && !allowed.contains(name)
            {
                let fields = if allowed.is_empty() {
                    "it takes no other fields".to_string()
                } else {
                    format!("its fields are {}", allowed.join(", "))
                };
                self.push(
                    Diagnostic::error(format!(
                        "`{name}` is not a field of a {} block",
                        kind.name()
                    ))
                    .at(file.span(span.clone()), "not allowed here")
                    .with_related(kind_span.clone(), "the block's kind")
                    .with_help(fields),
                );
            }
        }
        for name in required {
            if present.iter().any(|(n, s)| n == name && s.is_none()) {
                self.push(
                    Diagnostic::error(format!("{} block without `{name}`", kind.name()))
                        .at(kind_span.clone(), format!("this block needs `{name}`")),
                );
            }
        }
        match kind {
            BlockKind::List => match (&block.item, &block.from) {
                (Some(_), Some(from)) => self.push(
                    Diagnostic::error("a list takes either `item` or `from`, not both")
                        .at(file.span(from.span()), "remove this or the items"),
                ),
                (None, None) => self.push(
                    Diagnostic::error("list without items")
                        .at(kind_span, "add [[block.item]] texts or `from = \"…\"`"),
                ),
                (Some(items), None) if items.get_ref().is_empty() => self.push(
                    Diagnostic::error("list without items").at(file.span(items.span()), "empty"),
                ),
                _ => {}
            },
            BlockKind::Table => match (block.of.as_ref().map(Spanned::get_ref), &block.study_group)
            {
                (Some(TableOf::Questions), None) => self.push(
                    Diagnostic::error("a table of Questions needs `study_group`").at(
                        kind_span,
                        "add study_group = \"SG1\" or another study group",
                    ),
                ),
                (Some(TableOf::Initiatives), Some(sg)) => self.push(
                    Diagnostic::error("`study_group` applies to tables of Questions only").at(
                        file.span(sg.span()),
                        "not allowed with of = \"initiatives\"",
                    ),
                ),
                _ => {}
            },
            _ => {}
        }
    }

    /// Each figure has the fields of its drawing, spans sensible years, and
    /// is placed exactly once.
    fn figures(&mut self) {
        let s = self.index.sources;
        let file = &s.figures.file;
        let mut placed: HashMap<&str, Vec<(SourceFile, std::ops::Range<usize>)>> = HashMap::new();
        for block in self.index.blocks() {
            if let Some(figure) = &block.block.figure {
                placed
                    .entry(figure.get_ref())
                    .or_default()
                    .push((block.file.clone(), figure.span()));
            }
        }
        for figure in &s.figures.value.figure {
            let draw = *figure.draw.get_ref();
            let fields: [(&str, Option<std::ops::Range<usize>>, bool); 5] = [
                (
                    "from",
                    figure.from.as_ref().map(Spanned::span),
                    draw == Draw::Timeline,
                ),
                (
                    "to",
                    figure.to.as_ref().map(Spanned::span),
                    draw == Draw::Timeline,
                ),
                (
                    "outputs",
                    figure.outputs.as_ref().map(Spanned::span),
                    draw == Draw::Timeline,
                ),
                (
                    "top",
                    figure.top.as_ref().map(|t| t.span()),
                    draw == Draw::KapStructure,
                ),
                (
                    "target",
                    figure.target.as_ref().map(Spanned::span),
                    draw == Draw::Links,
                ),
            ];
            for (name, span, wanted) in fields {
                match (span, wanted) {
                    (Some(span), false) => self.push(
                        Diagnostic::error(format!(
                            "`{name}` does not apply to a {} figure",
                            draw.name()
                        ))
                        .at(file.span(span), "not allowed here")
                        .with_related(file.span(figure.draw.span()), "the figure's drawing"),
                    ),
                    (None, true) => self.push(
                        Diagnostic::error(format!("{} figure without `{name}`", draw.name())).at(
                            file.span(figure.draw.span()),
                            format!("this figure needs `{name}`"),
                        ),
                    ),
                    _ => {}
                }
            }
            if let (Some(from), Some(to)) = (&figure.from, &figure.to)
                && self.year(file, from)
                && self.year(file, to)
            {
                if from.get_ref() > to.get_ref() {
                    self.push(
                        Diagnostic::error(format!(
                            "timeline runs backwards, from {} to {}",
                            from.get_ref(),
                            to.get_ref()
                        ))
                        .at(file.span(to.span()), "ends before it starts")
                        .with_related(file.span(from.span()), "starts here"),
                    );
                } else {
                    self.timeline_rows(figure, *from.get_ref(), *to.get_ref());
                }
            }
            let id = figure.id.get_ref().as_str();
            match placed.get(id).map(Vec::as_slice) {
                None | Some([]) => self.push(
                    Diagnostic::error(format!("figure `{id}` is never placed"))
                        .at(file.span(figure.id.span()), "defined here")
                        .with_help(format!(
                            "place it in a section with kind = \"figure\" and figure = \"{id}\""
                        )),
                ),
                Some([_]) => {}
                Some([(first_file, first), rest @ ..]) => {
                    for (file, span) in rest {
                        self.push(
                            Diagnostic::error(format!("figure `{id}` is placed twice"))
                                .at(file.span(span.clone()), "placed again here")
                                .with_related(first_file.span(first.clone()), "first placed here"),
                        );
                    }
                }
            }
        }
    }

    fn timeline_rows(&mut self, figure: &crate::source::Figure, from: i64, to: i64) {
        let s = self.index.sources;
        for row in figure.outputs.iter().flat_map(|o| o.get_ref()) {
            let Some(Record::Output(output)) = self.index.record("output", row.get_ref()) else {
                continue;
            };
            let start = *output.start.get_ref();
            let end = output.end.as_ref().map_or(start, |e| *e.get_ref());
            if start < from || end > to {
                self.push(
                    Diagnostic::error(format!(
                        "the work cycle of `{}` ({start}-{end}) lies outside the timeline ({from}-{to})",
                        row.get_ref()
                    ))
                    .at(s.figures.span(row), "drawn in this figure")
                    .with_related(s.outputs.span(&output.start), "its cycle"),
                );
            }
        }
    }

    /// Every text: all languages present, non-blank, no configured language
    /// missing, no characters that cannot be printed or stored.
    fn texts(&mut self) {
        for text in self.index.texts() {
            self.text(text);
        }
    }

    fn text(&mut self, text: TextRef<'_>) {
        let file = text.file;
        for (lang, value) in text.text.entries() {
            if !self.langs.contains(&lang.get_ref().as_str()) {
                self.push(
                    Diagnostic::error(format!("`{}` is not a configured language", lang.get_ref()))
                        .at(
                            file.span(lang.span()),
                            format!("configured: {}", self.langs.join(", ")),
                        )
                        .with_related(
                            self.report_file()
                                .span(self.index.sources.report.value.languages.span()),
                            "languages are configured here",
                        ),
                );
                continue;
            }
            let s = value.get_ref();
            if s.trim().is_empty() {
                self.push(
                    Diagnostic::error(format!("blank `{}` text", lang.get_ref()))
                        .at(file.span(value.span()), "nothing but white space"),
                );
                continue;
            }
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.push(
                    Diagnostic::error(format!("text of {chars} characters is too long"))
                        .at(
                            file.span(value.span().start..value.span().start + 1),
                            format!("the limit is {MAX_TEXT_CHARS}"),
                        )
                        .with_help("split it into paragraphs, one block each"),
                );
                continue;
            }
            if let Some(diag) = bad_character(file, value) {
                self.push(diag);
            }
        }
        for lang in self.langs {
            if text.text.get(lang).is_none() {
                let present: Vec<&str> = text
                    .text
                    .entries()
                    .map(|(k, _)| k.get_ref().as_str())
                    .collect();
                let label = if present.is_empty() {
                    "no languages here".to_string()
                } else {
                    format!("has {} only", present.join(", "))
                };
                self.push(
                    Diagnostic::error(format!("missing `{lang}` text"))
                        .at(file.span(text.text.span()), label)
                        .with_help(format!(
                            "every text needs every configured language: {}",
                            self.langs.join(", ")
                        )),
                );
            }
        }
    }

    /// Every placeholder of every text resolves in every language.
    fn placeholders(&mut self, locales: &[Loaded<Locale>]) {
        for locale in locales {
            let resolver = Resolver {
                index: self.index,
                locale,
            };
            let lang = locale.value.code.get_ref();
            for text in self.index.texts() {
                if text.text.get(lang).is_some()
                    && let Err(diag) = resolver.text(text)
                {
                    self.push(diag);
                }
            }
            let original = self.index.sources.report.value.meta.original.get_ref();
            if !locale.value.language_names.contains_key(original) {
                let meta = &self.index.sources.report.value.meta;
                self.push(
                    Diagnostic::error(format!(
                        "the `{lang}` locale has no name for the original language `{original}`"
                    ))
                    .at(
                        self.index.sources.report.span(&meta.original),
                        "original language",
                    )
                    .with_help(format!(
                        "add {original} = \"…\" to [language_names] in {}",
                        locale.file.path().display()
                    )),
                );
            }
        }
    }
}

/// The span of a record's id.
fn id_span(record: Record<'_>) -> std::ops::Range<usize> {
    match record {
        Record::Output(r) => r.id.span(),
        Record::Priority(r) => r.id.span(),
        Record::Product(r) | Record::Enabler(r) => r.id.span(),
        Record::Region(r) => r.id.span(),
        Record::Initiative(r) => r.id.span(),
        Record::StudyGroup(r) => r.id.span(),
        Record::Question(r) => r.id.span(),
        Record::Resolution(r) => r.id.span(),
        Record::Figure(r) => r.id.span(),
    }
}

/// The first character of a text that cannot be printed or stored: control
/// characters (XML cannot carry most of them), bidirectional controls (they
/// reorder what readers see), non-characters, and combining marks with no
/// base character.
fn bad_character(file: &SourceFile, value: &Spanned<String>) -> Option<Diagnostic> {
    let s = value.get_ref();
    let mut previous: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at = value_span(file, value, i..i + c.len_utf8());
        let problem = if c.is_control() {
            Some((
                "control character",
                "texts are single paragraphs of printable text",
            ))
        } else if is_bidi_control(c) {
            Some((
                "bidirectional control character",
                "it changes the order in which text is displayed",
            ))
        } else if matches!(u32::from(c), 0xFDD0..=0xFDEF) || (u32::from(c) & 0xFFFE) == 0xFFFE {
            Some(("non-character", "it is not allowed in documents"))
        } else if unicode_normalization::char::is_combining_mark(c)
            && previous.is_none_or(|p| p.is_whitespace() || p.is_control())
        {
            Some((
                "combining mark without a base character",
                "it has nothing to combine with",
            ))
        } else {
            None
        };
        if let Some((what, why)) = problem {
            let mut message = String::new();
            let _ = write!(message, "{what} {} in text", describe_char(c));
            let help = if c == '\n' || c == '\r' {
                "write one paragraph per block; a TOML line-ending backslash joins lines of a \"\"\" string".to_string()
            } else {
                "remove it".to_string()
            };
            return Some(Diagnostic::error(message).at(at, why).with_help(help));
        }
        previous = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns() {
        let ok = |kind: &str, id: &str| id_pattern(kind).1(id);
        assert!(ok("region", "AFR") && !ok("region", "AF") && !ok("region", "afr"));
        assert!(
            ok("initiative", "AFR1")
                && ok("initiative", "EUR12")
                && !ok("initiative", "AFR0")
                && !ok("initiative", "AFR")
        );
        assert!(ok("study_group", "SG2") && !ok("study_group", "SG"));
        assert!(
            ok("question", "Q3/1")
                && !ok("question", "Q3")
                && !ok("question", "Q3/")
                && !ok("question", "3/1")
        );
        assert!(ok("resolution", "87") && !ok("resolution", "087") && !ok("resolution", "R87"));
        assert!(ok("figure", "kap-structure") && !ok("figure", "Kap") && !ok("figure", "kap-"));
    }

    #[test]
    fn look_alikes_are_named() {
        assert_eq!(
            describe_char('С'),
            "'С' (U+0421 CYRILLIC CAPITAL LETTER ES)"
        );
        assert_eq!(ascii_look_alike('С').as_deref(), Some("C"));
        assert_eq!(ascii_look_alike('非'), None);
    }

    #[test]
    fn bad_characters_are_found() {
        let check = |s: &str| {
            let src = format!("x = \"{s}\"");
            let file = SourceFile::new("a.toml", src.clone());
            let value: toml::Spanned<String> = toml::Spanned::new(
                4..src.len(),
                toml::from_str::<toml::Table>(&src).unwrap()["x"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
            bad_character(&file, &value).map(|d| d.message)
        };
        assert_eq!(check("plain 文本"), None);
        assert!(check("a\\u0000b").unwrap().starts_with("control character"));
        assert!(check("a\\u202Eb").unwrap().starts_with("bidirectional"));
        assert!(check("\\u0301a").unwrap().starts_with("combining mark"));
        assert_eq!(check("e\\u0301"), None);
        assert!(check("\\uFFFF").unwrap().starts_with("non-character"));
    }
}
