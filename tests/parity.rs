//! The Word and PDF editions say the same thing: every paragraph, heading,
//! list item and table cell of each DOCX is in the PDF of the same
//! language, in the same order, and the PDF has nothing more than the
//! figures' labels (which the DOCX carries as pictures) and the header
//! rows it repeats after page breaks.

mod common;

use common::ooxml::{Package, W};
use common::{Fixture, build, drop_running_headers, editions, pdf_text, plain, squash};
use std::collections::BTreeMap;

use tdag_report::doc::{Block, Doc, Drawing};
use tdag_report::locale::Direction;

/// Arrows, bullets and dashes the figure drawings add to their labels
/// (with the text variation selector Typst puts after some arrows).
const DRAWING_MARKS: &str = "–→↑↓↕↔•·\u{fe0e}";

/// Every string the figure drawings show and every table header row,
/// squashed, longest first.
fn pdf_only_labels(doc: &Doc) -> Vec<String> {
    let mut labels: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.columns.iter().map(|c| plain(&c.header)).collect()),
            _ => None,
        })
        .collect();
    for figure in doc.figures() {
        match &figure.drawing {
            Drawing::Timeline { bars, .. } => {
                for bar in bars {
                    labels.push(bar.label.clone());
                    labels.extend(bar.until.clone());
                }
            }
            Drawing::KapStructure { top, groups } => {
                labels.push(top.clone());
                labels.extend(
                    groups
                        .iter()
                        .flat_map(|g| std::iter::once(g.title.clone()).chain(g.items.clone())),
                );
            }
            Drawing::Links { groups, targets } => {
                labels.extend(
                    groups
                        .iter()
                        .flat_map(|g| std::iter::once(g.title.clone()).chain(g.items.clone())),
                );
                labels.extend(targets.clone());
            }
        }
    }
    let mut labels: Vec<String> = labels
        .iter()
        .map(|l| squash(l))
        .filter(|l| !l.is_empty())
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    labels
}

#[test]
fn docx_and_pdf_hold_the_same_text_in_the_same_order() {
    let f = Fixture::new();
    let (code, stderr) = build(&f, "out", &[]);
    assert_eq!(code, 0, "{stderr}");
    for doc in editions() {
        let letter = &doc.lang.letter;
        let pdf = f.path().join(format!("out/TDAG-23-XX-{letter}.pdf"));
        let pdf = drop_running_headers(&squash(&pdf_text(&pdf)), &doc.meta.number);
        let docx = std::fs::read(f.path().join(format!("out/TDAG-23-XX-{letter}.docx"))).unwrap();
        let body = Package::open(&docx).xml("word/document.xml");
        let paragraphs: Vec<String> = body
            .all(W, "p")
            .iter()
            .map(|p| squash(&p.para_text()))
            .filter(|t| !t.is_empty())
            .collect();
        if doc.lang.dir == Direction::Rtl {
            same_letters(letter, &paragraphs.concat(), &pdf, &pdf_only_labels(&doc));
            continue;
        }
        let blocks = doc.body.len() + doc.front.iter().map(|p| p.blocks.len()).sum::<usize>();
        assert!(
            paragraphs.len() > blocks,
            "{letter}: {} paragraphs for {blocks} blocks",
            paragraphs.len()
        );
        let mut cursor = 0;
        let mut leftovers = Vec::new();
        for para in &paragraphs {
            let Some(at) = pdf[cursor..].find(para.as_str()) else {
                panic!("{letter}: DOCX paragraph not in the PDF after the previous one: {para}");
            };
            leftovers.push(pdf[cursor..cursor + at].to_string());
            cursor += at + para.len();
        }
        leftovers.push(pdf[cursor..].to_string());
        let labels = pdf_only_labels(&doc);
        for leftover in leftovers {
            let mut rest = leftover.clone();
            for label in &labels {
                rest = rest.replace(label.as_str(), "");
            }
            let rest: String = rest
                .chars()
                .filter(|c| !c.is_ascii_digit() && !DRAWING_MARKS.contains(*c))
                .collect();
            assert!(
                rest.is_empty(),
                "{letter}: the PDF has text the DOCX lacks: {rest:?} (in {leftover:?})"
            );
        }
        let headings = doc
            .body
            .iter()
            .filter(|b| matches!(b, Block::Heading { .. }))
            .count();
        assert!(headings >= 10, "{letter}: {headings} headings");
    }
}

/// How often each letter occurs in a text: the right-to-left PDF's text
/// comes out in visual order, and its marks repeated, so that only its
/// letters can be compared with the DOCX.
fn letter_counts(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic() && !c.is_ascii()) {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// A right-to-left edition: every letter of the DOCX is in the PDF as
/// often, and the PDF has no more than the drawings' labels and table
/// header rows (repeated after page breaks) on top.
fn same_letters(letter: &str, docx: &str, pdf: &str, labels: &[String]) {
    let docx = letter_counts(docx);
    let pdf = letter_counts(pdf);
    let extra = letter_counts(&labels.concat());
    for (c, n) in &docx {
        let in_pdf = pdf.get(c).copied().unwrap_or(0);
        assert!(
            in_pdf >= *n,
            "{letter}: '{c}' {n}× in the DOCX, {in_pdf}× in the PDF"
        );
        let allowed = n + 4 * extra.get(c).copied().unwrap_or(0);
        assert!(
            in_pdf <= allowed,
            "{letter}: '{c}' {in_pdf}× in the PDF, {n}× in the DOCX and {allowed} at most with labels"
        );
    }
    for c in pdf.keys().filter(|c| !docx.contains_key(c)) {
        assert!(extra.contains_key(c), "{letter}: '{c}' only in the PDF");
    }
}
