//! What docx-rs cannot say or says wrongly in the document and header
//! parts, set right on the parsed XML before packaging:
//!
//! - the first row of each table in the report table style gets
//!   `w:tblHeader`, so Word repeats it at the top of every page, and the
//!   table gets its caption as title (`w:tblCaption`, Word's alternative
//!   text of a table);
//! - each picture gets a unique id, a name, and the figure's alternative
//!   text as description and title in `wp:docPr`, and its name and
//!   description in `pic:cNvPr`;
//! - `w14:paraId`, which docx-rs numbers from a per-thread counter, is
//!   removed, so the same document gives the same bytes on any thread;
//! - `w:gridCol` loses the `w:type` attribute, which the schema does not
//!   allow there;
//! - the children of property elements are put in schema order.

use super::pictures::Picture;
use super::schema;
use super::styles::REPORT_TABLE;
use super::xml::{A, Element, Node, PIC, R, Scope, W, W14, WP, XmlError, visit};

/// Sets right a document or header part. `pictures` are the pictures of
/// the part and `tables` the captions of its report tables, in document
/// order.
pub fn fix_part(
    root: &mut Element,
    pictures: &[Picture],
    tables: &[String],
) -> Result<(), XmlError> {
    let mut placed = 0;
    let mut captioned = 0;
    visit(root, &mut |element, scope| {
        scope.remove_attr(element, W14, "paraId");
        scope.remove_attr(element, W14, "textId");
        let name = scope.name(element);
        if name.is(W, "gridCol") {
            scope.remove_attr(element, W, "type");
        } else if name.is(W, "tbl") && is_report_table(element, scope) {
            let caption = tables.get(captioned).ok_or_else(|| {
                format!("the part has more than the {} tables made", tables.len())
            })?;
            captioned += 1;
            mark_report_table(element, scope, caption)?;
        } else if name.is(WP, "inline") || name.is(WP, "anchor") {
            let picture = pictures.get(placed).ok_or_else(|| {
                format!(
                    "the part has more than the {} pictures placed",
                    pictures.len()
                )
            })?;
            placed += 1;
            describe_picture(element, scope, placed, picture)?;
        }
        Ok(())
    })?;
    if captioned != tables.len() {
        return Err(format!(
            "{} tables were made but the part has {captioned}",
            tables.len()
        ));
    }
    if placed != pictures.len() {
        return Err(format!(
            "{} pictures were placed but the part has {placed}",
            pictures.len()
        ));
    }
    schema::canonicalize(root)
}

/// Whether a table is in the report table style.
fn is_report_table(table: &Element, scope: &Scope) -> bool {
    let inner = scope.enter(table);
    table
        .elements()
        .filter(|e| inner.name(e).is(W, "tblPr"))
        .any(|pr| {
            let inner = inner.enter(pr);
            pr.elements().any(|e| {
                inner.name(e).is(W, "tblStyle") && inner.attr(e, W, "val") == Some(REPORT_TABLE)
            })
        })
}

/// The first child of `parent` named `local` in WordprocessingML, made
/// (as first child, or last) if there is none.
fn w_child<'e>(
    parent: &'e mut Element,
    scope: &Scope,
    local: &str,
    first: bool,
) -> Result<&'e mut Element, XmlError> {
    let inner = scope.enter(parent);
    let found = parent.elements().position(|e| inner.name(e).is(W, local));
    let at = match found {
        Some(at) => at,
        None => {
            let name = inner
                .qualify(W, local)
                .ok_or("no prefix for WordprocessingML")?;
            let node = Node::Element(Element::new(name));
            if first {
                parent.children.insert(0, node);
                0
            } else {
                parent.children.push(node);
                parent.elements().count() - 1
            }
        }
    };
    parent
        .elements_mut()
        .nth(at)
        .ok_or_else(|| "lost element".into())
}

/// Gives a report table its caption as title and marks its first row as
/// the header row.
fn mark_report_table(table: &mut Element, scope: &Scope, caption: &str) -> Result<(), XmlError> {
    let inner = scope.enter(table);
    let pr = table
        .elements_mut()
        .find(|e| inner.name(e).is(W, "tblPr"))
        .ok_or("a report table without properties")?;
    let val = inner
        .enter(pr)
        .qualify_attr(W, "val")
        .ok_or("no prefix for WordprocessingML")?;
    w_child(pr, &inner, "tblCaption", false)?.set_attr(&val, caption);
    let Some(row) = table.elements_mut().find(|e| inner.name(e).is(W, "tr")) else {
        return Ok(());
    };
    let row_scope = inner.enter(row);
    let pr = w_child(row, &inner, "trPr", true)?;
    w_child(pr, &row_scope, "tblHeader", false)?;
    Ok(())
}

/// Sets the id, name, description and title of a picture's `wp:docPr`,
/// and checks that the picture refers to an image.
fn describe_picture(
    drawing: &mut Element,
    scope: &Scope,
    id: usize,
    picture: &Picture,
) -> Result<(), XmlError> {
    let inner = scope.enter(drawing);
    if !has_blip(drawing, &inner) {
        return Err("a picture without an image".into());
    }
    let doc_pr = drawing
        .elements_mut()
        .find(|e| inner.name(e).is(WP, "docPr"))
        .ok_or("a picture without wp:docPr")?;
    doc_pr.set_attr("id", &id.to_string());
    doc_pr.set_attr("name", &picture.name);
    // Word reads the alternative text from the description, LibreOffice
    // (and its PDF export) from the title: both carry it.
    doc_pr.set_attr("descr", &picture.alt);
    doc_pr.set_attr("title", &picture.alt);
    set_picture_names(drawing, &inner, id, picture);
    Ok(())
}

/// Sets the id, name and description of the `pic:cNvPr` below an element.
fn set_picture_names(element: &mut Element, scope: &Scope, id: usize, picture: &Picture) {
    let inner = scope.enter(element);
    for child in element.elements_mut() {
        if inner.name(child).is(PIC, "cNvPr") {
            child.set_attr("id", &id.to_string());
            child.set_attr("name", &picture.name);
            child.set_attr("descr", &picture.alt);
        } else {
            set_picture_names(child, &inner, id, picture);
        }
    }
}

/// Whether an element holds an `a:blip` that embeds an image part.
fn has_blip(element: &Element, scope: &Scope) -> bool {
    let inner = scope.enter(element);
    element.elements().any(|child| {
        (inner.name(child).is(A, "blip")
            && inner.attr(child, R, "embed").is_some_and(|v| !v.is_empty()))
            || has_blip(child, &inner)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml::parse;

    const NS: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
        r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    );

    fn fixed(body: &str, pictures: &[Picture], tables: &[String]) -> Result<String, XmlError> {
        let mut root =
            parse(format!("<w:document {NS}><w:body>{body}</w:body></w:document>").as_bytes())?;
        fix_part(&mut root, pictures, tables)?;
        let xml = String::from_utf8(root.to_bytes()).unwrap();
        let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
        Ok(xml[start..xml.len() - "</w:body></w:document>".len()].to_string())
    }

    fn table(style: &str) -> String {
        format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr><w:tblGrid><w:gridCol w:w="100" w:type="dxa"/></w:tblGrid><w:tr><w:trPr/><w:tc><w:p/></w:tc></w:tr><w:tr><w:trPr/><w:tc><w:p/></w:tc></w:tr></w:tbl>"#
        )
    }

    fn captions(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Table {i} – \"x\" & y")).collect()
    }

    #[test]
    fn report_tables_repeat_their_first_row_and_carry_their_caption() {
        let out = fixed(&table(REPORT_TABLE), &[], &captions(1)).unwrap();
        assert_eq!(out.matches("<w:tblHeader/>").count(), 1, "{out}");
        assert!(
            out.contains(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<w:tblPr><w:tblStyle w:val="ReportTable"/><w:tblCaption w:val="Table 1 – &quot;x&quot; &amp; y"/></w:tblPr>"#),
            "{out}"
        );
        assert!(out.contains(r#"<w:gridCol w:w="100"/>"#), "{out}");
        assert!(fixed(&table(REPORT_TABLE), &[], &[]).is_err());
        assert!(fixed(&table(REPORT_TABLE), &[], &captions(2)).is_err());
    }

    #[test]
    fn other_tables_are_left_alone() {
        let out = fixed(&table("Other"), &[], &[]).unwrap();
        assert!(
            !out.contains("tblHeader") && !out.contains("tblCaption"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_row_property_element_is_made() {
        let src = format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="{REPORT_TABLE}"/></w:tblPr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#
        );
        let out = fixed(&src, &[], &captions(1)).unwrap();
        assert!(
            out.contains(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>"#),
            "{out}"
        );
    }

    #[test]
    fn pictures_get_ids_and_descriptions() {
        let drawing = |rid: &str| {
            format!(
                r#"<w:p w14:paraId="00000001"><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Figure"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name=""/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
            )
        };
        let pictures = [
            Picture {
                name: "one".into(),
                alt: "A \"quoted\" <alt> & more".into(),
            },
            Picture {
                name: "two".into(),
                alt: String::new(),
            },
        ];
        let out = fixed(
            &(drawing("rIdImage1") + &drawing("rIdImage2")),
            &pictures,
            &[],
        )
        .unwrap();
        assert!(
            out.contains(r#"<wp:docPr id="1" name="one" descr="A &quot;quoted&quot; &lt;alt&gt; &amp; more" title="A &quot;quoted&quot; &lt;alt&gt; &amp; more"/>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<pic:cNvPr id="1" name="one" descr="A &quot;quoted&quot; &lt;alt&gt; &amp; more"/>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<wp:docPr id="2" name="two" descr="" title=""/>"#),
            "{out}"
        );
        assert!(!out.contains("paraId"), "{out}");
        assert!(fixed(&drawing("rIdImage1"), &pictures, &[]).is_err());
        assert!(fixed(&drawing("rIdImage1"), &[], &[]).is_err());
    }
}
