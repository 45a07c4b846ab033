//! Putting the package together: docx-rs's parts, fixed, with the parts
//! filled from `templates/word/`; relationships and content types pruned to
//! the parts that are there; zipped in a fixed order with fixed time
//! stamps, so the same document gives the same bytes.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use quick_xml::events::Event;
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::body::Keys;
use super::fixup::{self, Ids};
use crate::diag::Diagnostic;

/// A part: its name in the package and its bytes.
pub type Part = (String, Vec<u8>);

fn failure(part: &str) -> impl Fn(String) -> Diagnostic + '_ {
    move |e| Diagnostic::error(format!("cannot write the Word document: `{part}`: {e}"))
}

/// Turns docx-rs's parts and the filled templates (`word/styles.xml`,
/// `word/settings.xml`, `docProps/core.xml`, `docProps/app.xml`) into DOCX
/// bytes.
pub fn package(built: XMLDocx, keys: &Keys, own: Vec<Part>) -> Result<Vec<u8>, Diagnostic> {
    let mut ids = Ids::default();
    let mut content: Vec<Part> = own;
    content.push((
        "word/document.xml".into(),
        fixup::fix(&built.document, keys, &mut ids).map_err(failure("word/document.xml"))?,
    ));
    for (i, header) in built.headers.iter().enumerate() {
        let name = format!("word/header{}.xml", i + 1);
        let fixed = fixup::fix(header, keys, &mut ids).map_err(failure(&name))?;
        content.push((name, fixed));
    }
    if !ids.footnotes.is_empty() {
        content.push((
            "word/footnotes.xml".into(),
            fixup::fix(&built.footnotes, keys, &mut ids).map_err(failure("word/footnotes.xml"))?,
        ));
    }
    if !built.numberings.is_empty() {
        content.push((
            "word/numbering.xml".into(),
            fixup::fix(&built.numberings, keys, &mut ids).map_err(failure("word/numbering.xml"))?,
        ));
    }
    for (id, bytes) in &built.media {
        content.push((format!("word/media/{id}.png"), bytes.clone()));
    }
    let present: Vec<String> = content.iter().map(|(n, _)| n.clone()).collect();
    let has = |base: &str, target: &str| present.iter().any(|p| *p == resolve(base, target));
    let mut rels = vec![
        (
            "_rels/.rels".to_string(),
            fixup::relationships(&built.rels, &ids.links, |t, _| has("", t))
                .map_err(failure("_rels/.rels"))?,
        ),
        (
            "word/_rels/document.xml.rels".to_string(),
            fixup::relationships(&built.document_rels, &ids.links, |t, _| has("word/", t))
                .map_err(failure("word/_rels/document.xml.rels"))?,
        ),
    ];
    for (i, header_rels) in built.header_rels.iter().enumerate() {
        let pruned = fixup::relationships(header_rels, &ids.links, |t, _| has("word/", t))
            .map_err(failure("header relationships"))?;
        if String::from_utf8_lossy(&pruned).contains("<Relationship ") {
            rels.push((format!("word/_rels/header{}.xml.rels", i + 1), pruned));
        }
    }
    let mut all = present.clone();
    all.extend(rels.iter().map(|(n, _)| n.clone()));
    let types = content_types(&built.content_type, &all).map_err(failure("[Content_Types].xml"))?;
    let mut package: Vec<Part> = vec![("[Content_Types].xml".to_string(), types)];
    package.extend(rels);
    package.extend(content);
    package.sort_by(|(a, _), (b, _)| (rank(a), a).cmp(&(rank(b), b)));
    zip(&package)
}

/// Where a part goes in the archive: content types first, then the
/// package relationships, properties, the document and what it refers to,
/// pictures last.
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

/// The part a relationship of a part in `base` points at, as a package name.
fn resolve(base: &str, target: &str) -> String {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

/// The content types part with overrides only for parts that are there.
fn content_types(xml: &[u8], present: &[String]) -> Result<Vec<u8>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::new());
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match &event {
            Event::Eof => break,
            Event::Empty(e) if e.name().into_inner() == "Override" => {
                let part = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.into_inner() == "PartName")
                    .map(|a| a.value.trim_start_matches('/').to_string())
                    .unwrap_or_default();
                if present.contains(&part) {
                    writer
                        .write_event(event.clone())
                        .map_err(|e| e.to_string())?;
                }
            }
            _ => writer
                .write_event(event.clone())
                .map_err(|e| e.to_string())?,
        }
        buf.clear();
    }
    Ok(writer.into_inner())
}

/// Zips the parts in the given order, with the zip format's epoch
/// (1980-01-01) as time stamp and no host-dependent fields.
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
        assert_eq!(resolve("word/", "media/a.png"), "word/media/a.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word/", "/docProps/core.xml"), "docProps/core.xml");
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
    }

    #[test]
    fn overrides_of_missing_parts_go() {
        let types = br#"<Types xmlns="urn:t"><Default Extension="xml" ContentType="x"/><Override PartName="/word/styles.xml" ContentType="s"/><Override PartName="/word/comments.xml" ContentType="c"/></Types>"#;
        let out =
            String::from_utf8(content_types(types, &["word/styles.xml".into()]).unwrap()).unwrap();
        assert!(
            out.contains("styles.xml") && !out.contains("comments.xml") && out.contains("Default"),
            "{out}"
        );
    }
}
