//! Putting the package together: docx-rs's parts, set right, with the
//! parts written here; relationships and content types pruned to the parts
//! that are there; zipped in a fixed order with fixed time stamps, so the
//! same document gives the same bytes.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::blocks::Context;
use super::pictures::Picture;
use super::xml::{CONTENT_TYPES, Element, Node, PKG_RELS, Scope, XmlError, parse};
use super::{fixups, parts, schema, styles};
use crate::diag::Diagnostic;
use crate::doc::Doc;

/// A part: its name in the package and its bytes.
type Part = (String, Vec<u8>);

fn failure(part: &str) -> impl Fn(XmlError) -> Diagnostic + '_ {
    move |e| Diagnostic::error(format!("cannot write the Word document: `{part}`: {e}"))
}

/// Turns docx-rs's parts and the context of the document into DOCX bytes.
pub fn package(
    built: XMLDocx,
    doc: &Doc,
    cx: &Context<'_>,
    created: time::OffsetDateTime,
) -> Result<Vec<u8>, Diagnostic> {
    let mut content = vec![
        (
            "docProps/core.xml".to_string(),
            parts::core_xml(doc, created)?.to_bytes(),
        ),
        ("docProps/app.xml".to_string(), parts::app_xml().to_bytes()),
        (
            "word/document.xml".to_string(),
            fixed(
                &built.document,
                "word/document.xml",
                &cx.pictures,
                &cx.tables,
            )?,
        ),
        (
            "word/styles.xml".to_string(),
            own(styles::styles_xml(&doc.lang), "word/styles.xml")?,
        ),
        (
            "word/settings.xml".to_string(),
            own(parts::settings_xml(doc), "word/settings.xml")?,
        ),
    ];
    if let Some(numbering) = cx.lists.numbering_xml() {
        content.push((
            "word/numbering.xml".to_string(),
            own(numbering, "word/numbering.xml")?,
        ));
    }
    let headers: Vec<String> = (1..=built.headers.len())
        .map(|i| format!("word/header{i}.xml"))
        .collect();
    for (name, header) in headers.iter().zip(&built.headers) {
        content.push((name.clone(), fixed(header, name, &[], &[])?));
    }
    for (id, bytes) in &built.media {
        content.push((format!("word/media/{id}.png"), bytes.clone()));
    }

    let present: BTreeSet<String> = content.iter().map(|(n, _)| n.clone()).collect();
    let mut targets = BTreeSet::new();
    let mut rels = vec![
        (
            "_rels/.rels".to_string(),
            prune_rels(&built.rels, "", &present, &mut targets)?,
        ),
        (
            "word/_rels/document.xml.rels".to_string(),
            prune_rels(&built.document_rels, "word/", &present, &mut targets)?,
        ),
    ];
    for (name, header_rels) in headers.iter().zip(&built.header_rels) {
        let pruned = prune_rels(header_rels, "word/", &present, &mut targets)?;
        if pruned.elements().next().is_some() {
            rels.push((
                format!("word/_rels/{}.rels", &name["word/".len()..]),
                pruned,
            ));
        }
    }
    if let Some(orphan) = present.iter().find(|p| !targets.contains(*p)) {
        return Err(Diagnostic::error(format!(
            "cannot write the Word document: nothing refers to `{orphan}`"
        )));
    }
    let all: BTreeSet<String> = present
        .iter()
        .cloned()
        .chain(rels.iter().map(|(n, _)| n.clone()))
        .collect();
    let types = prune_content_types(&built.content_type, &all)?;

    let mut package: Vec<Part> = vec![("[Content_Types].xml".to_string(), types.to_bytes())];
    package.extend(rels.into_iter().map(|(n, e)| (n, e.to_bytes())));
    package.extend(content);
    package.sort_by(|(a, _), (b, _)| (rank(a), a).cmp(&(rank(b), b)));
    zip(&package)
}

/// Where a part goes in the archive: content types first, as is usual,
/// then the package relationships, properties, the document and what it
/// refers to, pictures last.
fn rank(name: &str) -> u8 {
    match name {
        "[Content_Types].xml" => 0,
        "_rels/.rels" => 1,
        n if n.starts_with("docProps/") => 2,
        "word/document.xml" => 3,
        "word/_rels/document.xml.rels" => 4,
        "word/styles.xml" => 5,
        "word/settings.xml" => 6,
        "word/numbering.xml" => 7,
        n if n.starts_with("word/media/") => 9,
        _ => 8,
    }
}

/// A docx-rs document or header part, set right.
fn fixed(
    bytes: &[u8],
    name: &str,
    pictures: &[Picture],
    tables: &[String],
) -> Result<Vec<u8>, Diagnostic> {
    let mut root = parse(bytes).map_err(failure(name))?;
    fixups::fix_part(&mut root, pictures, tables).map_err(failure(name))?;
    Ok(root.to_bytes())
}

/// A part written here, in schema order.
fn own(mut root: Element, name: &str) -> Result<Vec<u8>, Diagnostic> {
    schema::canonicalize(&mut root).map_err(failure(name))?;
    Ok(root.to_bytes())
}

/// The part a relationship of a part in `base` points at, as a package
/// name (`word/media/a.png`), or `None` if it leaves the package.
fn resolve(base: &str, target: &str) -> Option<String> {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop()?;
            }
            s => path.push(s),
        }
    }
    Some(path.join("/"))
}

/// Keeps the relationships whose target is in the package (or outside it
/// by intent), and records the targets.
fn prune_rels(
    bytes: &[u8],
    base: &str,
    present: &BTreeSet<String>,
    targets: &mut BTreeSet<String>,
) -> Result<Element, Diagnostic> {
    let mut root = parse(bytes).map_err(failure("relationships"))?;
    let scope = Scope::default().enter(&root);
    root.children.retain(|node| {
        let Node::Element(rel) = node else {
            return true;
        };
        if !scope.name(rel).is(PKG_RELS, "Relationship") {
            return true;
        }
        if scope.attr(rel, "", "TargetMode") == Some("External") {
            return true;
        }
        match scope.attr(rel, "", "Target").and_then(|t| resolve(base, t)) {
            Some(target) if present.contains(&target) => {
                targets.insert(target);
                true
            }
            _ => false,
        }
    });
    Ok(root)
}

/// Drops the content type overrides of parts that are not in the package.
fn prune_content_types(bytes: &[u8], present: &BTreeSet<String>) -> Result<Element, Diagnostic> {
    let mut root = parse(bytes).map_err(failure("[Content_Types].xml"))?;
    let scope = Scope::default().enter(&root);
    root.children.retain(|node| {
        let Node::Element(e) = node else { return true };
        if !scope.name(e).is(CONTENT_TYPES, "Override") {
            return true;
        }
        scope
            .attr(e, "", "PartName")
            .is_some_and(|p| present.contains(p.trim_start_matches('/')))
    });
    Ok(root)
}

/// Zips the parts in the given order, with the fixed time stamp of the
/// zip format's epoch (1980-01-01) and no host-dependent fields.
fn zip(parts: &[Part]) -> Result<Vec<u8>, Diagnostic> {
    let fail = |e: zip::result::ZipError| {
        Diagnostic::error(format!("cannot write the Word document: {e}"))
    };
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = if name.starts_with("word/media/") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::DEFAULT
            .compression_method(method)
            .last_modified_time(DateTime::DEFAULT)
            .system(System::Dos);
        zip.start_file(name.as_str(), options).map_err(fail)?;
        zip.write_all(bytes).map_err(|e| fail(e.into()))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_part() {
        assert_eq!(
            resolve("word/", "media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(
            resolve("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve("word/", "/docProps/core.xml").as_deref(),
            Some("docProps/core.xml")
        );
        assert_eq!(
            resolve("word/", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(resolve("", "../x").as_deref(), None);
    }

    #[test]
    fn dangling_relationships_and_overrides_go() {
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t" Target="styles.xml"/><Relationship Id="rId2" Type="t" Target="comments.xml"/><Relationship Id="rId3" Type="t" Target="http://x" TargetMode="External"/></Relationships>"#;
        let present: BTreeSet<String> = ["word/styles.xml".to_string()].into();
        let mut targets = BTreeSet::new();
        let out = String::from_utf8(
            prune_rels(rels, "word/", &present, &mut targets)
                .unwrap()
                .to_bytes(),
        )
        .unwrap();
        assert!(
            out.contains("rId1") && !out.contains("rId2") && out.contains("rId3"),
            "{out}"
        );
        assert_eq!(targets, present);

        let types = br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="x"/><Override PartName="/word/styles.xml" ContentType="s"/><Override PartName="/word/comments.xml" ContentType="c"/></Types>"#;
        let out =
            String::from_utf8(prune_content_types(types, &present).unwrap().to_bytes()).unwrap();
        assert!(
            out.contains("styles.xml") && !out.contains("comments.xml") && out.contains("Default"),
            "{out}"
        );
    }
}
