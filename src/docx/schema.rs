//! The order WordprocessingML requires of the children of property
//! elements (ECMA-376 / ISO/IEC 29500 transitional schema, `wml.xsd`).
//! docx-rs writes some of them out of order (`w:rPr` before `w:pStyle`,
//! `w:pgSz` before `w:headerReference`, …); Word expects the schema's
//! sequence and may drop what is out of place, so every part is put in
//! schema order before it is packaged.

use super::xml::{Element, Node, W, XmlError, visit};

/// CT_PPr: paragraph properties (also in styles, defaults and list levels).
#[rustfmt::skip]
const PPR: &[&str] = &[
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
];

/// CT_ParaRPr and CT_RPr: run properties, in the sequence Word writes.
#[rustfmt::skip]
const RPR: &[&str] = &[
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
    "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
    "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
    "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath", "rPrChange",
];

/// CT_TblPr: table properties.
#[rustfmt::skip]
const TBLPR: &[&str] = &[
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription", "tblPrChange",
];

/// CT_TrPr: table row properties.
#[rustfmt::skip]
const TRPR: &[&str] = &[
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
    "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
];

/// CT_TcPr: table cell properties.
#[rustfmt::skip]
const TCPR: &[&str] = &[
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
];

/// CT_SectPr: section properties.
#[rustfmt::skip]
const SECTPR: &[&str] = &[
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
];

/// CT_Style: a style definition.
#[rustfmt::skip]
const STYLE: &[&str] = &[
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
];

/// CT_PBdr: paragraph borders.
#[rustfmt::skip]
const PBDR: &[&str] = &[
    "top", "left", "bottom", "right", "between", "bar",
];

/// CT_TblBorders, CT_TcBorders, CT_TblCellMar and CT_TcMar: the sides of a
/// table or cell.
#[rustfmt::skip]
const SIDES: &[&str] = &[
    "top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl",
];

/// CT_NumPr: a paragraph's list reference.
#[rustfmt::skip]
const NUMPR: &[&str] = &[
    "ilvl", "numId", "numberingChange", "ins",
];

/// The required order of the children of a WordprocessingML element, if
/// it has one that is fixed here.
fn order(local: &str) -> Option<&'static [&'static str]> {
    Some(match local {
        "pPr" => PPR,
        "rPr" => RPR,
        "tblPr" => TBLPR,
        "trPr" => TRPR,
        "tcPr" => TCPR,
        "sectPr" => SECTPR,
        "style" => STYLE,
        "pBdr" => PBDR,
        "numPr" => NUMPR,
        "tblBorders" | "tcBorders" | "tblCellMar" | "tcMar" => SIDES,
        _ => return None,
    })
}

/// Puts the children of every property element of the part in schema
/// order. The sort is stable, so repeated elements (header references)
/// keep their relative order; children the table does not know go last.
/// Whitespace between them is dropped: these elements hold elements only.
pub fn canonicalize(root: &mut Element) -> Result<(), XmlError> {
    visit(root, &mut |element, scope| {
        let name = scope.name(element);
        if name.ns != W {
            return Ok(());
        }
        let Some(order) = order(name.local) else {
            return Ok(());
        };
        element
            .children
            .retain(|n| !matches!(n, Node::Text(t) if t.trim().is_empty()));
        let inner = scope.enter(element);
        let ranks: Vec<usize> = element
            .children
            .iter()
            .map(|node| match node {
                Node::Element(child) => {
                    let name = inner.name(child);
                    (name.ns == W)
                        .then(|| order.iter().position(|l| *l == name.local))
                        .flatten()
                        .unwrap_or(order.len())
                }
                _ => order.len(),
            })
            .collect();
        let mut keyed: Vec<(usize, Node)> =
            ranks.into_iter().zip(element.children.drain(..)).collect();
        keyed.sort_by_key(|(rank, _)| *rank);
        element.children = keyed.into_iter().map(|(_, n)| n).collect();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml::parse;

    fn canon(src: &str) -> String {
        let mut root = parse(src.as_bytes()).unwrap();
        canonicalize(&mut root).unwrap();
        let out = String::from_utf8(root.to_bytes()).unwrap();
        out.split_once("?>\r\n").unwrap().1.to_string()
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn paragraph_properties_follow_the_schema() {
        let out = canon(&format!(
            r#"<w:p {NS}><w:pPr><w:rPr/><w:pStyle w:val="Heading1"/><w:jc w:val="center"/><w:keepNext/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
        ));
        assert_eq!(
            out,
            format!(
                r#"<w:p {NS}><w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/><w:jc w:val="center"/><w:rPr/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn run_and_section_properties_follow_the_schema() {
        let out = canon(&format!(
            r#"<w:body {NS}><w:rPr><w:sz w:val="24"/><w:b/><w:rFonts w:ascii="X"/></w:rPr><w:sectPr><w:pgSz/><w:headerReference w:type="default"/><w:headerReference w:type="first"/><w:titlePg/></w:sectPr></w:body>"#
        ));
        assert!(
            out.contains(r#"<w:rPr><w:rFonts w:ascii="X"/><w:b/><w:sz w:val="24"/></w:rPr>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<w:sectPr><w:headerReference w:type="default"/><w:headerReference w:type="first"/><w:pgSz/><w:titlePg/></w:sectPr>"#),
            "{out}"
        );
    }

    #[test]
    fn content_order_is_left_alone() {
        let src = format!(r#"<w:r {NS}><w:t>b</w:t><w:tab/><w:t>a</w:t></w:r>"#);
        assert_eq!(canon(&src), src);
    }

    #[test]
    fn other_namespaces_are_not_reordered() {
        let src = r#"<x:pPr xmlns:x="urn:other"><x:rPr/><x:pStyle/></x:pPr>"#;
        assert_eq!(canon(src), src);
    }
}
