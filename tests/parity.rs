//! The Word and PDF editions say the same thing: every paragraph, heading,
//! list item and table cell of each DOCX is in the PDF of the same
//! language, in the same order, and the PDF has nothing more than the
//! figures' labels (which the DOCX carries as pictures) and the header
//! rows it repeats after page breaks.

mod common;

use common::ooxml::{Package, W};
use common::{Fixture, build, drop_running_headers, editions, pdf_text, plain, squash};
use tdag_report::doc::{Block, Doc, Drawing};

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
