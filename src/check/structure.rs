//! The report's structure: years and work cycles, section and paragraph
//! numbers, the fields each kind of block needs, tables, and figures placed
//! exactly once with the fields of their drawing.

use std::collections::HashMap;

use super::Checker;
use crate::diag::Diagnostic;
use crate::model::{Block, BlockBody, FieldValue, Record, TableSpec};
use crate::schema::FieldType;
use crate::span::{SourceFile, Span};

/// Years before and after these are typing mistakes.
const YEARS: std::ops::RangeInclusive<i64> = 2000..=2100;

impl Checker<'_> {
    /// Every year is plausible; every work cycle ends after it starts.
    pub(super) fn periods(&mut self) {
        for record in &self.model.records {
            for (field, value) in &record.fields {
                if let (FieldType::Year, FieldValue::Int(year)) = (field.ty, value.get_ref())
                    && !YEARS.contains(year)
                {
                    self.push(Diagnostic::error(format!("implausible year {year}")).at(
                        record.file.span(value.span()),
                        format!("expected a year from {} to {}", YEARS.start(), YEARS.end()),
                    ));
                }
            }
        }
        for output in self.model.of_kind("output") {
            self.cycle(output);
        }
    }

    fn cycle(&mut self, output: &Record) {
        let id = output.id.get_ref();
        let file = &output.file;
        match (output.int("end"), output.get_spanned("until")) {
            (Some(end), until) => {
                let start = output.int("start").unwrap_or(end);
                if end < start && YEARS.contains(&end) && YEARS.contains(&start) {
                    self.push(
                        Diagnostic::error(format!(
                            "work cycle of `{id}` ends in {end} before it starts in {start}"
                        ))
                        .at(output.span_of("end"), "end year")
                        .with_related(output.span_of("start"), "start year"),
                    );
                }
                if let Some(until) = until {
                    self.push(
                        Diagnostic::error(format!("`{id}` has both an end year and `until`")).at(
                            file.span(until.span()),
                            "`until` is for open-ended cycles only",
                        ),
                    );
                }
            }
            (None, None) => self.push(
                Diagnostic::error(format!(
                    "open-ended work cycle of `{id}` says nothing of its end"
                ))
                .at(file.span(output.id.span()), "no `end` and no `until`")
                .with_help("give `end = <year>`, or `until` with a text such as \"until amended\""),
            ),
            (None, Some(_)) => {}
        }
    }

    /// Hand-written section and paragraph numbers are sensible; front
    /// matter is not numbered.
    pub(super) fn sections(&mut self) {
        for section in &self.model.sections {
            if let Some(number) = &section.number
                && number.get_ref().trim().is_empty()
            {
                self.push(Diagnostic::error("blank section number").at(
                    section.file.span(number.span()),
                    "remove `number`: sections are numbered in order",
                ));
            }
        }
        for part in &self.model.report.front {
            for block in &part.blocks {
                let numbering = match &block.body {
                    BlockBody::Para { numbering, .. } | BlockBody::Heading { numbering, .. } => {
                        numbering
                    }
                    _ => continue,
                };
                let span = numbering.number.as_ref().map(|n| n.span()).or_else(|| {
                    numbering
                        .numbered
                        .as_ref()
                        .filter(|n| *n.get_ref())
                        .map(|n| n.span())
                });
                if let Some(span) = span {
                    self.push(
                        Diagnostic::error("numbered block in the front matter")
                            .at(block.file.span(span), "only section content is numbered"),
                    );
                }
            }
        }
    }

    /// Each block has what its kind needs.
    pub(super) fn blocks(&mut self) {
        for (_, block) in self.model.blocks() {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let file = &block.file;
        match &block.body {
            BlockBody::Para { numbering, .. } | BlockBody::Heading { numbering, .. } => {
                if let (Some(numbered), Some(number)) = (&numbering.numbered, &numbering.number)
                    && !*numbered.get_ref()
                {
                    self.push(
                        Diagnostic::error("`numbered = false` with a `number`")
                            .at(file.span(number.span()), "a number is given here")
                            .with_related(
                                file.span(numbered.span()),
                                "but numbering is turned off here",
                            ),
                    );
                }
                if let BlockBody::Heading {
                    level: Some(level), ..
                } = &block.body
                    && !(2..=6).contains(level.get_ref())
                {
                    self.push(
                        Diagnostic::error(format!(
                            "heading level {} is out of range",
                            level.get_ref()
                        ))
                        .at(
                            file.span(level.span()),
                            "subheadings have levels 2 to 6 (sections are level 1)",
                        ),
                    );
                }
                if block.id.is_some() && !numbering.is_numbered() {
                    let span = block
                        .id
                        .as_ref()
                        .map(|i| i.span())
                        .unwrap_or(block.span.clone());
                    self.push(
                        Diagnostic::warning(
                            "an `id` on an unnumbered block gives {para.<id>} nothing to print",
                        )
                        .at(file.span(span), "no number")
                        .with_help("add `numbered = true`, or remove the id"),
                    );
                }
            }
            BlockBody::Table(table) => self.table(file, block, table),
            _ => {}
        }
    }

    /// A table has rows from one place, columns, the fields its kind of
    /// table needs and widths that fit.
    fn table(&mut self, file: &SourceFile, block: &Block, table: &TableSpec) {
        let span = file.span(block.span.clone());
        match (&table.of, table.rows.is_empty()) {
            (Some(of), false) => self.push(
                Diagnostic::error("a table lists either records (`of`) or written rows (`row`), not both")
                    .at(file.span(of.span()), "records from here"),
            ),
            (None, true) => self.push(
                Diagnostic::error("table without rows")
                    .at(span.clone(), "no `of` and no [[block.row]]")
                    .with_help("list records with of = \"resolutions\" and columns = [\"id\", \"title\"], or write [[block.row]] tables"),
            ),
            _ => {}
        }
        if table.columns.is_empty() {
            self.push(
                Diagnostic::error("table without columns")
                    .at(span.clone(), "no columns")
                    .with_help("give columns = [\"id\", \"title\"] or [[block.column]] tables with a header"),
            );
        }
        if table.of.is_none() {
            self.written_table(file, &span, table);
        } else {
            for column in &table.columns {
                if column.field.is_none() {
                    self.push(
                        Diagnostic::error("a column of a table of records needs a `field`")
                            .at(file.span(column.span.clone()), "no field")
                            .with_help("add field = \"title\""),
                    );
                }
            }
        }
        let widths: Vec<i64> = table
            .columns
            .iter()
            .filter_map(|c| c.width.as_ref().map(|w| *w.get_ref()))
            .collect();
        if widths.iter().any(|w| !(1..=100).contains(w)) || widths.iter().sum::<i64>() > 100 {
            self.push(
                Diagnostic::error(
                    "column widths are percentages of the table that add up to 100 at most",
                )
                .at(span, format!("widths {widths:?}")),
            );
        }
    }

    /// A table whose rows are written out: no `where`, `group_by` or
    /// column `field`, a header for every column, a cell for every column.
    fn written_table(&mut self, file: &SourceFile, span: &Span, table: &TableSpec) {
        if table.group_by.is_some() || !table.filter.is_empty() {
            self.push(
                Diagnostic::error("`where` and `group_by` apply to tables of records only")
                    .at(span.clone(), "this table's rows are written out"),
            );
        }
        for column in &table.columns {
            if column.header.is_none() {
                self.push(
                    Diagnostic::error("a column of written rows needs a `header`")
                        .at(file.span(column.span.clone()), "no header")
                        .with_help("add header.zh = \"…\" and header.en = \"…\""),
                );
            }
            if let Some(field) = &column.field {
                self.push(
                    Diagnostic::error("`field` applies to tables of records only")
                        .at(file.span(field.span()), "this table's rows are written out"),
                );
            }
        }
        for row in &table.rows {
            if row.cells.len() != table.columns.len() {
                self.push(
                    Diagnostic::error(format!(
                        "a row of {} cells in a table of {} columns",
                        row.cells.len(),
                        table.columns.len()
                    ))
                    .at(file.span(row.span.clone()), "this row")
                    .with_help("give every row one cell per column"),
                );
            }
        }
    }

    /// Each figure has the fields of its drawing, spans sensible years, and
    /// is placed exactly once.
    pub(super) fn figures(&mut self) {
        let mut placed: HashMap<&str, Vec<(SourceFile, std::ops::Range<usize>)>> = HashMap::new();
        for (_, block) in self.model.blocks() {
            if let BlockBody::Figure { figure } = &block.body {
                placed
                    .entry(figure.get_ref())
                    .or_default()
                    .push((block.file.clone(), figure.span()));
            }
        }
        for figure in self.model.of_kind("figure") {
            let draw = figure.str("draw").unwrap_or("");
            let wanted: [(&str, &str); 5] = [
                ("from", "timeline"),
                ("to", "timeline"),
                ("outputs", "timeline"),
                ("top", "kap-structure"),
                ("target", "links"),
            ];
            for (name, for_draw) in wanted {
                match (figure.get_spanned(name), draw == for_draw) {
                    (Some(value), false) => self.push(
                        Diagnostic::error(format!("`{name}` does not apply to a {draw} figure"))
                            .at(figure.file.span(value.span()), "not allowed here")
                            .with_related(figure.span_of("draw"), "the figure's drawing"),
                    ),
                    (None, true) => self.push(
                        Diagnostic::error(format!("{draw} figure without `{name}`")).at(
                            figure.span_of("draw"),
                            format!("this figure needs `{name}`"),
                        ),
                    ),
                    _ => {}
                }
            }
            if let (Some(from), Some(to)) = (figure.int("from"), figure.int("to")) {
                if from > to {
                    self.push(
                        Diagnostic::error(format!("timeline runs backwards, from {from} to {to}"))
                            .at(figure.span_of("to"), "ends before it starts")
                            .with_related(figure.span_of("from"), "starts here"),
                    );
                } else {
                    self.timeline_rows(figure, from, to);
                }
            }
            let id = figure.id.get_ref().as_str();
            match placed.get(id).map(Vec::as_slice) {
                None | Some([]) => self.push(
                    Diagnostic::error(format!("figure `{id}` is never placed"))
                        .at(figure.file.span(figure.id.span()), "defined here")
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

    fn timeline_rows(&mut self, figure: &Record, from: i64, to: i64) {
        let Some(FieldValue::Strs(rows)) = figure.get("outputs") else {
            return;
        };
        for row in rows {
            let Some(output) = self.model.record("output", row.get_ref()) else {
                continue;
            };
            let start = output.int("start").unwrap_or(from);
            let end = output.int("end").unwrap_or(start);
            if start < from || end > to {
                self.push(
                    Diagnostic::error(format!(
                        "the work cycle of `{}` ({start}-{end}) lies outside the timeline ({from}-{to})",
                        row.get_ref()
                    ))
                    .at(figure.file.span(row.span()), "drawn in this figure")
                    .with_related(output.span_of("start"), "its cycle"),
                );
            }
        }
    }
}
