//! The style sheet (`word/styles.xml`), written here rather than by
//! docx-rs: docx-rs always adds an empty `Normal` of its own and cannot
//! express `w:lang`. The run defaults carry the edition's fonts and its
//! language, so Word proofs in the right language; the paragraph styles
//! are Word's built-in ones where one exists (Normal, heading 1–3,
//! caption, List Paragraph, header), so the navigation pane, a table of
//! contents and the style gallery work as delegates expect.

use super::page::TEXT_WIDTH;
use super::xml::{Element, W};
use crate::doc::Lang;
use crate::locale::WordScript;

/// Body text.
pub const NORMAL: &str = "Normal";
/// Headings of levels 1 to 3.
pub const HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
/// Table and figure captions.
pub const CAPTION: &str = "Caption";
/// The paragraph holding a figure's picture.
pub const FIGURE: &str = "Figure";
/// List items.
pub const LIST: &str = "ListParagraph";
/// Text in table cells.
pub const TABLE_TEXT: &str = "TableText";
/// Header cells of a table.
pub const TABLE_HEAD: &str = "TableHead";
/// The cell of a group row.
pub const TABLE_GROUP: &str = "TableGroup";
/// The running header.
pub const HEADER: &str = "Header";
/// The table style of the report's tables; the first row of a table in
/// this style is its header row.
pub const REPORT_TABLE: &str = "ReportTable";

/// Body text size in half-points: 12 pt.
const BODY_SIZE: &str = "24";
/// Table text and caption size: 11 pt.
const SMALL_SIZE: &str = "22";
/// Running header size: 10 pt.
const HEADER_SIZE: &str = "20";
/// Space before a body paragraph: 6 pt, in twips.
pub const PARA_BEFORE: u32 = 120;
/// Cell margins of the report's tables, in twips: 4 pt above and below,
/// 5 pt left and right, as in the PDF.
pub const CELL_MARGIN_Y: usize = 80;
/// See [`CELL_MARGIN_Y`].
pub const CELL_MARGIN_X: usize = 100;

fn w(local: &str) -> Element {
    Element::new(format!("w:{local}"))
}

fn val(local: &str, value: &str) -> Element {
    w(local).attr("w:val", value)
}

fn style(kind: &str, id: &str, name: &str) -> Element {
    w("style")
        .attr("w:type", kind)
        .attr("w:styleId", id)
        .child(val("name", name))
}

fn spacing(before: u32, after: u32) -> Element {
    w("spacing")
        .attr("w:before", &before.to_string())
        .attr("w:after", &after.to_string())
}

fn size(half_points: &str) -> [Element; 2] {
    [val("sz", half_points), val("szCs", half_points)]
}

fn bold() -> [Element; 2] {
    [w("b"), w("bCs")]
}

/// The language of the edition as Word marks it: the tag goes to the slot
/// the locale's `word_script` names (`w:val`, `w:eastAsia` or `w:bidi`).
/// Slots left out fall back to the reader's own default, as in a document
/// Word makes itself.
pub fn language(name: &str, lang: &Lang) -> Element {
    let mut element = w(name);
    let slot = match lang.word_script {
        WordScript::Latin => "w:val",
        WordScript::EastAsian => "w:eastAsia",
        WordScript::Complex => "w:bidi",
    };
    element.set_attr(slot, &lang.tag);
    element
}

/// The style sheet of an edition.
pub fn styles_xml(lang: &Lang) -> Element {
    let fonts = w("rFonts")
        .attr("w:ascii", &lang.docx_latin)
        .attr("w:eastAsia", &lang.docx_east_asia)
        .attr("w:hAnsi", &lang.docx_latin)
        .attr("w:cs", &lang.docx_latin);
    let language = language("lang", lang);
    let defaults = w("docDefaults")
        .child(
            w("rPrDefault").child(
                w("rPr")
                    .child(fonts)
                    .children(size(BODY_SIZE))
                    .child(language),
            ),
        )
        .child(
            w("pPrDefault").child(
                w("pPr").child(w("widowControl")).child(
                    w("spacing")
                        .attr("w:after", "0")
                        .attr("w:line", "240")
                        .attr("w:lineRule", "auto"),
                ),
            ),
        );

    let normal = style("paragraph", NORMAL, "Normal")
        .attr("w:default", "1")
        .child(w("qFormat"))
        .child(
            w("pPr")
                .child(spacing(PARA_BEFORE, 0))
                .child(val("jc", if lang.typst.justify { "both" } else { "left" })),
        );
    let default_font = style(
        "character",
        "DefaultParagraphFont",
        "Default Paragraph Font",
    )
    .attr("w:default", "1")
    .child(val("uiPriority", "1"))
    .child(w("semiHidden"))
    .child(w("unhideWhenUsed"));
    let normal_table = style("table", "TableNormal", "Normal Table")
        .attr("w:default", "1")
        .child(val("uiPriority", "99"))
        .child(w("semiHidden"))
        .child(w("unhideWhenUsed"))
        .child(
            w("tblPr")
                .child(w("tblInd").attr("w:w", "0").attr("w:type", "dxa"))
                .child(cell_margins(0, 108)),
        );
    let no_list = style("numbering", "NoList", "No List")
        .attr("w:default", "1")
        .child(val("uiPriority", "99"))
        .child(w("semiHidden"))
        .child(w("unhideWhenUsed"));
    let headings = HEADINGS.iter().enumerate().map(|(i, id)| {
        let before = if i == 0 { 360 } else { 240 };
        style("paragraph", id, &format!("heading {}", i + 1))
            .child(val("basedOn", NORMAL))
            .child(val("next", NORMAL))
            .child(val("uiPriority", "9"))
            .child(w("qFormat"))
            .child(
                w("pPr")
                    .child(w("keepNext"))
                    .child(w("keepLines"))
                    .child(spacing(before, 0))
                    .child(val("jc", "left"))
                    .child(val("outlineLvl", &i.to_string())),
            )
            .child(w("rPr").children(bold()))
    });
    let caption = style("paragraph", CAPTION, "caption")
        .child(val("basedOn", NORMAL))
        .child(val("next", NORMAL))
        .child(val("uiPriority", "35"))
        .child(w("qFormat"))
        .child(
            w("pPr")
                .child(spacing(PARA_BEFORE, PARA_BEFORE))
                .child(val("jc", "center")),
        )
        .child(w("rPr").children(bold()).children(size(SMALL_SIZE)));
    let figure = style("paragraph", FIGURE, "Figure")
        .child(val("basedOn", NORMAL))
        .child(val("next", CAPTION))
        .child(val("uiPriority", "35"))
        .child(
            w("pPr")
                .child(w("keepNext"))
                .child(spacing(2 * PARA_BEFORE, 0))
                .child(val("jc", "center")),
        );
    let list = style("paragraph", LIST, "List Paragraph")
        .child(val("basedOn", NORMAL))
        .child(val("uiPriority", "34"))
        .child(w("qFormat"));
    let table_text = style("paragraph", TABLE_TEXT, "Table Text")
        .child(val("basedOn", NORMAL))
        .child(w("qFormat"))
        .child(w("pPr").child(spacing(0, 0)).child(val("jc", "left")))
        .child(w("rPr").children(size(SMALL_SIZE)));
    let table_head = style("paragraph", TABLE_HEAD, "Table Head")
        .child(val("basedOn", TABLE_TEXT))
        .child(val("next", TABLE_TEXT))
        .child(w("qFormat"))
        .child(w("pPr").child(w("keepNext")))
        .child(w("rPr").children(bold()));
    let table_group = style("paragraph", TABLE_GROUP, "Table Group")
        .child(val("basedOn", TABLE_TEXT))
        .child(val("next", TABLE_TEXT))
        .child(w("qFormat"))
        .child(w("pPr").child(w("keepNext")))
        .child(w("rPr").children(bold()));
    let header = style("paragraph", HEADER, "header")
        .child(val("basedOn", NORMAL))
        .child(val("uiPriority", "99"))
        .child(w("unhideWhenUsed"))
        .child(
            w("pPr")
                .child(
                    w("tabs")
                        .child(tab("center", TEXT_WIDTH / 2))
                        .child(tab("right", TEXT_WIDTH)),
                )
                .child(spacing(0, 0))
                .child(val("jc", "left")),
        )
        .child(w("rPr").children(size(HEADER_SIZE)));
    let report_table = style("table", REPORT_TABLE, "Report Table")
        .child(val("basedOn", "TableNormal"))
        .child(val("uiPriority", "59"))
        .child(
            w("tblPr")
                .child(borders("tblBorders"))
                .child(cell_margins(CELL_MARGIN_Y, CELL_MARGIN_X)),
        );

    w("styles")
        .attr("xmlns:w", W)
        .child(defaults)
        .children([normal, default_font, normal_table, no_list])
        .children(headings)
        .children([
            caption,
            figure,
            list,
            table_text,
            table_head,
            table_group,
            header,
            report_table,
        ])
}

fn tab(kind: &str, pos: u32) -> Element {
    w("tab").attr("w:val", kind).attr("w:pos", &pos.to_string())
}

/// Table cell margins in twips.
fn cell_margins(y: usize, x: usize) -> Element {
    let side = |s: &str, v: usize| w(s).attr("w:w", &v.to_string()).attr("w:type", "dxa");
    w("tblCellMar")
        .child(side("top", y))
        .child(side("left", x))
        .child(side("bottom", y))
        .child(side("right", x))
}

/// Single 0.5 pt black borders all round and inside.
fn borders(name: &str) -> Element {
    let line = |s: &str| {
        w(s).attr("w:val", "single")
            .attr("w:sz", "4")
            .attr("w:space", "0")
            .attr("w:color", "000000")
    };
    w(name).children(["top", "left", "bottom", "right", "insideH", "insideV"].map(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::sample;
    use crate::docx::xml::{parse, visit};

    #[test]
    fn run_defaults_carry_fonts_and_language() {
        let doc = sample::doc();
        let mut root = parse(&styles_xml(&doc.lang).to_bytes()).unwrap();
        let mut found = Vec::new();
        visit(&mut root, &mut |e, scope| {
            let name = scope.name(e);
            if name.is(W, "rFonts") || name.is(W, "lang") {
                let attr = |l| scope.attr(e, W, l).unwrap_or_default().to_string();
                found.push([
                    name.local.to_string(),
                    attr("ascii"),
                    attr("val"),
                    attr("eastAsia"),
                ]);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(
            found,
            [
                ["rFonts", "Times New Roman", "", "SimSun"].map(String::from),
                ["lang", "", "", "zh-CN"].map(String::from),
            ]
        );
    }

    #[test]
    fn latin_editions_mark_the_main_language() {
        let mut lang = sample::doc().lang;
        lang.tag = "en-US".into();
        lang.word_script = WordScript::Latin;
        let xml = String::from_utf8(language("lang", &lang).to_bytes()).unwrap();
        assert!(xml.ends_with(r#"<w:lang w:val="en-US"/>"#), "{xml}");
        lang.tag = "ar-SA".into();
        lang.word_script = WordScript::Complex;
        let xml = String::from_utf8(language("lang", &lang).to_bytes()).unwrap();
        assert!(xml.ends_with(r#"<w:lang w:bidi="ar-SA"/>"#), "{xml}");
    }

    #[test]
    fn headings_have_outline_levels() {
        let doc = sample::doc();
        let xml = String::from_utf8(styles_xml(&doc.lang).to_bytes()).unwrap();
        for (i, id) in HEADINGS.iter().enumerate() {
            let start = xml.find(&format!(r#"w:styleId="{id}""#)).unwrap();
            let end = start + xml[start..].find("</w:style>").unwrap();
            assert!(
                xml[start..end].contains(&format!(r#"<w:outlineLvl w:val="{i}"/>"#)),
                "{id}"
            );
            assert!(
                xml[start..end].contains(&format!(r#"<w:name w:val="heading {}"/>"#, i + 1)),
                "{id}"
            );
        }
    }
}
