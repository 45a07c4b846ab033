//! Lists as real Word lists: one bullet list definition per marker in
//! `word/numbering.xml`, whose levels show the model's marker and hang the
//! text 1.27 cm in. Items are List Paragraph paragraphs that refer to it,
//! the way Word's own bullet button makes them, so Enter continues the
//! list, Tab demotes an item and screen readers announce a list.
//!
//! docx-rs always writes its own decimal list as number 1 into
//! `numbering.xml`, so the part is written here.

use docx_rs::{IndentLevel, NumberingId, Paragraph, Run};

use super::styles;
use super::xml::{Element, W};

/// Indent per list level, and the hang of the text after the marker:
/// 1.27 cm in twips, the number width of the PDF.
pub const INDENT: u32 = 720;
/// Levels Word lets a list item be demoted to.
const LEVELS: u32 = 9;

/// The list definitions used so far, one per marker.
#[derive(Debug, Default)]
pub struct Lists {
    markers: Vec<String>,
}

impl Lists {
    /// The number of the list definition for a marker (from 1).
    fn num_id(&mut self, marker: &str) -> usize {
        match self.markers.iter().position(|m| m == marker) {
            Some(i) => i + 1,
            None => {
                self.markers.push(marker.to_string());
                self.markers.len()
            }
        }
    }

    /// The paragraphs of a list.
    pub fn items(&mut self, marker: &str, items: &[String]) -> Vec<Paragraph> {
        let id = self.num_id(marker);
        items
            .iter()
            .map(|item| {
                Paragraph::new()
                    .style(styles::LIST)
                    .numbering(NumberingId::new(id), IndentLevel::new(0))
                    .add_run(Run::new().add_text(item))
            })
            .collect()
    }

    /// `word/numbering.xml`, if any list was made.
    pub fn numbering_xml(&self) -> Option<Element> {
        if self.markers.is_empty() {
            return None;
        }
        let w = |local: &str| Element::new(format!("w:{local}"));
        let val = |local: &str, v: &str| w(local).attr("w:val", v);
        let abstracts = self.markers.iter().enumerate().map(|(i, marker)| {
            let levels = (0..LEVELS).map(|level| {
                w("lvl")
                    .attr("w:ilvl", &level.to_string())
                    .child(val("start", "1"))
                    .child(val("numFmt", "bullet"))
                    .child(val("lvlText", marker))
                    .child(val("lvlJc", "left"))
                    .child(
                        w("pPr").child(
                            w("ind")
                                .attr("w:left", &((level + 1) * INDENT).to_string())
                                .attr("w:hanging", &INDENT.to_string()),
                        ),
                    )
            });
            w("abstractNum")
                .attr("w:abstractNumId", &i.to_string())
                .child(val("multiLevelType", "hybridMultilevel"))
                .children(levels)
        });
        let nums = (0..self.markers.len()).map(|i| {
            w("num")
                .attr("w:numId", &(i + 1).to_string())
                .child(val("abstractNumId", &i.to_string()))
        });
        Some(
            w("numbering")
                .attr("xmlns:w", W)
                .children(abstracts)
                .children(nums),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_definition_per_marker() {
        let mut lists = Lists::default();
        lists.items("–", &["a".into()]);
        lists.items("•", &["b".into()]);
        lists.items("–", &["c".into()]);
        let xml = String::from_utf8(lists.numbering_xml().unwrap().to_bytes()).unwrap();
        assert_eq!(xml.matches("<w:abstractNum ").count(), 2);
        assert_eq!(xml.matches("<w:num ").count(), 2);
        assert!(xml.contains(r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>"#), "{xml}");
        // Every abstract definition comes before the first numbering instance.
        assert!(xml.rfind("<w:abstractNum ").unwrap() < xml.find("<w:num ").unwrap());
    }

    #[test]
    fn no_lists_no_part() {
        assert!(Lists::default().numbering_xml().is_none());
    }
}
