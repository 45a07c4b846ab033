//! The Word edition of the real report, read back as a Word reader would:
//! the package unzipped, its XML parsed with namespaces resolved, and the
//! structure checked against the document model.

mod common;

use std::collections::BTreeMap;

use common::ooxml::*;
use common::{editions, plain};
use tdag_report::doc::{Block, Doc};
use tdag_report::docx::Templates;
use tdag_report::figures::FigureImage;

fn created() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(1_682_640_000).unwrap()
}

/// The PNG signature and a 1×1 image.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A picture per figure, each with its own bytes (the index is appended
/// after the image end, where readers ignore it).
fn pictures(doc: &Doc) -> Vec<FigureImage> {
    doc.figures()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut png = PNG.to_vec();
            png.push(i as u8);
            FigureImage {
                id: f.id.clone(),
                png,
                width_px: 1,
                height_px: 1,
                width_pt: 300.0 + 100.0 * i as f64,
                height_pt: 150.0,
            }
        })
        .collect()
}

fn templates() -> Templates {
    Templates::load(&common::project().paths.templates).expect("the Word templates load")
}

fn write_with(doc: &Doc, pictures: &[FigureImage]) -> Vec<u8> {
    tdag_report::docx::write(doc, pictures, created(), &templates())
        .expect("the edition is written")
}

fn write(doc: &Doc) -> Vec<u8> {
    write_with(doc, &pictures(doc))
}

#[test]
fn headings_use_the_built_in_heading_styles() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let body = package.xml("word/document.xml");
        let found: Vec<(String, String)> = body
            .all(W, "p")
            .into_iter()
            .filter_map(|p| {
                p.style()
                    .filter(|s| s.starts_with("Heading"))
                    .map(|s| (s.to_string(), p.para_text()))
            })
            .collect();
        let expected: Vec<(String, String)> = doc
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Heading {
                    level,
                    number,
                    text,
                    ..
                } => Some((
                    format!("Heading{}", level.clamp(&1, &3)),
                    number
                        .as_ref()
                        .map_or(plain(text), |n| format!("{}\t{}", plain(n), plain(text))),
                )),
                _ => None,
            })
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(found, expected, "{}", doc.lang.code);

        let styles = package.xml("word/styles.xml");
        for (level, id) in ["Heading1", "Heading2", "Heading3"].iter().enumerate() {
            let style = styles
                .all(W, "style")
                .into_iter()
                .find(|s| s.attr(W, "styleId") == Some(id))
                .unwrap_or_else(|| panic!("no style {id}"));
            let outline = style
                .child(W, "pPr")
                .and_then(|p| p.child(W, "outlineLvl"))
                .and_then(|o| o.attr(W, "val"));
            assert_eq!(outline, Some(level.to_string().as_str()), "{id}");
        }
    }
}

#[test]
fn numbered_paragraphs_and_leads_are_as_in_the_model() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let body = package.xml("word/document.xml");
        let paras = body.all(W, "p");
        for block in &doc.body {
            let Block::Para {
                number, lead, text, ..
            } = block
            else {
                continue;
            };
            let lead = lead.as_deref().map(plain);
            let expected = format!(
                "{}{}{}",
                number
                    .as_ref()
                    .map_or(String::new(), |n| format!("{}\t", plain(n))),
                lead.as_deref().unwrap_or(""),
                plain(text)
            );
            let p = paras
                .iter()
                .find(|p| p.para_text() == expected)
                .unwrap_or_else(|| panic!("no paragraph {expected:?}"));
            if let Some(lead) = lead {
                let bold_run = p
                    .all(W, "r")
                    .into_iter()
                    .find(|r| r.all(W, "t").iter().any(|t| t.text() == lead));
                let bold_run = bold_run.expect("a run holding the lead");
                assert!(
                    bold_run
                        .child(W, "rPr")
                        .and_then(|p| p.child(W, "b"))
                        .is_some(),
                    "lead not bold: {lead}"
                );
            }
        }
    }
}

#[test]
fn tables_repeat_their_header_and_span_group_rows() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let body = package.xml("word/document.xml");
        let report_tables: Vec<&El> = body
            .all(W, "tbl")
            .into_iter()
            .filter(|t| {
                t.child(W, "tblPr")
                    .and_then(|p| p.child(W, "tblStyle"))
                    .and_then(|s| s.attr(W, "val"))
                    == Some("ReportTable")
            })
            .collect();
        let model: Vec<_> = doc
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert!(!model.is_empty());
        assert_eq!(report_tables.len(), model.len());
        for (tbl, table) in report_tables.iter().zip(&model) {
            let rows: Vec<&El> = tbl.elements().filter(|e| e.is(W, "tr")).collect();
            assert_eq!(rows.len(), 1 + table.rows.len(), "{}", table.id);
            let header_marked = |row: &El| {
                row.child(W, "trPr")
                    .and_then(|p| p.child(W, "tblHeader"))
                    .is_some()
            };
            assert!(
                header_marked(rows[0]),
                "{}: header row not marked",
                table.id
            );
            assert!(rows[1..].iter().all(|r| !header_marked(r)));
            let header_cells: Vec<String> = rows[0]
                .elements()
                .filter(|e| e.is(W, "tc"))
                .map(|c| c.para_text())
                .collect();
            let headers: Vec<String> = table.columns.iter().map(|c| plain(&c.header)).collect();
            assert_eq!(header_cells, headers);

            let grid: Vec<u32> = tbl
                .child(W, "tblGrid")
                .expect("a grid")
                .elements()
                .map(|c| c.attr(W, "w").unwrap().parse().unwrap())
                .collect();
            assert_eq!(grid.len(), table.columns.len());
            assert_eq!(
                grid.iter().sum::<u32>(),
                9638,
                "tables are as wide as the text"
            );
            for (col, width) in table.columns.iter().zip(&grid) {
                let expected =
                    9638 * col.width / table.columns.iter().map(|c| c.width).sum::<u32>();
                assert!(
                    width.abs_diff(expected) <= table.columns.len() as u32,
                    "{}: {width} for {}%",
                    table.id,
                    col.width
                );
            }

            for (row, tr) in table.rows.iter().zip(&rows[1..]) {
                let cells: Vec<&El> = tr.elements().filter(|e| e.is(W, "tc")).collect();
                if row.group {
                    assert_eq!(cells.len(), 1);
                    let span = cells[0]
                        .child(W, "tcPr")
                        .and_then(|p| p.child(W, "gridSpan"))
                        .and_then(|g| g.attr(W, "val"));
                    assert_eq!(span, Some(table.columns.len().to_string().as_str()));
                    assert_eq!(cells[0].para_text(), plain(&row.cells[0]));
                } else {
                    assert_eq!(cells.len(), table.columns.len());
                    for (cell, text) in cells.iter().zip(&row.cells) {
                        assert_eq!(cell.para_text(), plain(text));
                    }
                }
            }
            let caption = tbl
                .child(W, "tblPr")
                .and_then(|p| p.child(W, "tblCaption"))
                .and_then(|c| c.attr(W, "val"));
            assert_eq!(
                caption,
                Some(plain(&table.caption).as_str()),
                "the table's title for screen readers"
            );
            let borders = tbl
                .child(W, "tblPr")
                .and_then(|p| p.child(W, "tblBorders"))
                .expect("borders");
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                let b = borders
                    .child(W, side)
                    .unwrap_or_else(|| panic!("no {side} border"));
                assert_eq!(
                    (b.attr(W, "val"), b.attr(W, "sz")),
                    (Some("single"), Some("4"))
                );
            }
        }
    }
}

#[test]
fn figures_are_pictures_with_their_alternative_text() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let body = package.xml("word/document.xml");
        let rels = package.xml("word/_rels/document.xml.rels");
        let targets: BTreeMap<&str, &str> = rels
            .elements()
            .filter(|r| r.is(RELS, "Relationship"))
            .map(|r| (r.attr("", "Id").unwrap(), r.attr("", "Target").unwrap()))
            .collect();
        let figures = doc.figures();
        let drawings = body.all(WP, "inline");
        assert_eq!(drawings.len(), figures.len());
        assert!(!figures.is_empty());
        let mut ids = Vec::new();
        for ((drawing, figure), picture) in drawings.iter().zip(&figures).zip(pictures(&doc)) {
            let doc_pr = drawing.child(WP, "docPr").expect("docPr");
            assert_eq!(doc_pr.attr("", "descr"), Some(figure.alt.as_str()));
            assert_eq!(doc_pr.attr("", "title"), Some(figure.alt.as_str()));
            ids.push(doc_pr.attr("", "id").unwrap().to_string());
            let names = drawing.all(PIC, "cNvPr");
            assert_eq!(names[0].attr("", "descr"), Some(figure.alt.as_str()));
            let blip = drawing.all(A, "blip");
            let rid = blip[0].attr(R, "embed").expect("an embedded image");
            let target = targets.get(rid).expect("the image relationship");
            assert_eq!(package.parts[&format!("word/{target}")], picture.png);
            let extent = drawing.child(WP, "extent").unwrap();
            let cx: f64 = extent.attr("", "cx").unwrap().parse().unwrap();
            let expected = (picture.width_pt * 12700.0).min(9638.0 * 635.0);
            assert!((cx - expected).abs() < 2.0, "{cx} for {expected}");
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), figures.len(), "picture ids are unique");
        let media = package
            .names
            .iter()
            .filter(|n| n.starts_with("word/media/"))
            .count();
        assert_eq!(media, figures.len());

        // Each picture is centred and followed by its caption.
        let paras = body.all(W, "p");
        for figure in &figures {
            let at = paras
                .iter()
                .position(|p| p.para_text() == plain(&figure.caption))
                .expect("a caption");
            assert_eq!(paras[at].style(), Some("Caption"));
            assert_eq!(paras[at - 1].style(), Some("Figure"));
            assert!(!paras[at - 1].all(WP, "inline").is_empty());
        }
    }
}

#[test]
fn lists_are_word_lists_with_the_model_marker() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let body = package.xml("word/document.xml");
        let numbering = package.xml("word/numbering.xml");
        let abstract_of: BTreeMap<String, String> = numbering
            .elements()
            .filter(|e| e.is(W, "num"))
            .map(|n| {
                let abs = n
                    .child(W, "abstractNumId")
                    .unwrap()
                    .attr(W, "val")
                    .unwrap()
                    .to_string();
                (n.attr(W, "numId").unwrap().to_string(), abs)
            })
            .collect();
        let marker_of: BTreeMap<String, (String, String)> = numbering
            .elements()
            .filter(|e| e.is(W, "abstractNum"))
            .map(|a| {
                let lvl = a
                    .elements()
                    .find(|l| l.is(W, "lvl") && l.attr(W, "ilvl") == Some("0"))
                    .unwrap();
                let format = lvl
                    .child(W, "numFmt")
                    .unwrap()
                    .attr(W, "val")
                    .unwrap()
                    .to_string();
                let text = lvl
                    .child(W, "lvlText")
                    .unwrap()
                    .attr(W, "val")
                    .unwrap()
                    .to_string();
                (
                    a.attr(W, "abstractNumId").unwrap().to_string(),
                    (format, text),
                )
            })
            .collect();
        let paras = body.all(W, "p");
        for block in &doc.body {
            let Block::List { marker, items } = block else {
                continue;
            };
            for item in items {
                let p = paras
                    .iter()
                    .find(|p| p.para_text() == plain(&item.text))
                    .expect("a list item");
                assert_eq!(p.style(), Some("ListParagraph"));
                let num = p
                    .child(W, "pPr")
                    .and_then(|p| p.child(W, "numPr"))
                    .expect("numPr");
                let id = num.child(W, "numId").unwrap().attr(W, "val").unwrap();
                assert_eq!(num.child(W, "ilvl").unwrap().attr(W, "val"), Some("0"));
                assert_eq!(
                    marker_of[&abstract_of[id]],
                    ("bullet".to_string(), marker.clone())
                );
            }
        }
    }
}

#[test]
fn language_fonts_page_and_properties() {
    for doc in editions() {
        let package = Package::open(&write(&doc));
        let styles = package.xml("word/styles.xml");
        let rpr = styles
            .child(W, "docDefaults")
            .and_then(|d| d.child(W, "rPrDefault"))
            .and_then(|d| d.child(W, "rPr"))
            .expect("run defaults");
        let fonts = rpr.child(W, "rFonts").expect("fonts");
        assert_eq!(fonts.attr(W, "ascii"), Some(doc.lang.docx_latin.as_str()));
        assert_eq!(fonts.attr(W, "hAnsi"), Some(doc.lang.docx_latin.as_str()));
        assert_eq!(
            fonts.attr(W, "eastAsia"),
            Some(doc.lang.docx_east_asia.as_str())
        );
        assert_eq!(
            rpr.child(W, "sz").and_then(|s| s.attr(W, "val")),
            Some("24")
        );
        let lang = rpr.child(W, "lang").expect("w:lang in the run defaults");
        let tag = Some(doc.lang.tag.as_str());
        assert!(
            lang.attr(W, "val") == tag
                || lang.attr(W, "eastAsia") == tag
                || lang.attr(W, "bidi") == tag,
            "{lang:?}"
        );
        assert_eq!(fonts.attr(W, "cs"), Some(doc.lang.docx_complex.as_str()));

        let body = package.xml("word/document.xml");
        let sect = body
            .child(W, "body")
            .and_then(|b| b.child(W, "sectPr"))
            .expect("section properties");
        let size = sect.child(W, "pgSz").unwrap();
        assert_eq!(
            (size.attr(W, "w"), size.attr(W, "h")),
            (Some("11906"), Some("16838"))
        );
        let margins = sect.child(W, "pgMar").unwrap();
        for side in ["top", "bottom", "left", "right"] {
            assert_eq!(margins.attr(W, side), Some("1134"), "{side}");
        }
        assert!(sect.child(W, "titlePg").is_some());
        let headers: BTreeMap<&str, &str> = sect
            .elements()
            .filter(|e| e.is(W, "headerReference"))
            .map(|h| (h.attr(W, "type").unwrap(), h.attr(R, "id").unwrap()))
            .collect();
        assert_eq!(
            headers.keys().copied().collect::<Vec<_>>(),
            ["default", "first"]
        );
        let rels = package.xml("word/_rels/document.xml.rels");
        let target = |id: &str| {
            rels.elements()
                .find(|r| r.attr("", "Id") == Some(id))
                .and_then(|r| r.attr("", "Target"))
                .unwrap()
                .to_string()
        };
        let running = package.xml(&format!("word/{}", target(headers["default"])));
        let text = running.all(W, "p")[0].para_text();
        assert!(text.contains(&doc.meta.number), "{text}");
        assert!(
            running
                .all(W, "instrText")
                .iter()
                .any(|i| i.text().trim() == "PAGE")
        );
        let first = package.xml(&format!("word/{}", target(headers["first"])));
        assert!(
            first.all(W, "t").iter().all(|t| t.text().is_empty()),
            "page 1 has no header"
        );

        let core = package.xml("docProps/core.xml");
        assert_eq!(
            core.child(DC, "title").map(El::text),
            Some(plain(&doc.meta.title))
        );
        assert_eq!(
            core.child(DC, "creator").map(El::text),
            Some(doc.meta.author.clone())
        );
        assert_eq!(
            core.child(DC, "language").map(El::text),
            Some(doc.lang.tag.clone())
        );
        assert_eq!(
            core.child(DCTERMS, "created").map(El::text).as_deref(),
            Some("2023-04-28T00:00:00Z")
        );
        assert_eq!(
            core.child(DCTERMS, "modified").map(El::text).as_deref(),
            Some("2023-04-28T00:00:00Z")
        );
        let app = String::from_utf8(package.parts["docProps/app.xml"].clone()).unwrap();
        assert!(app.contains("<Application>tdag-report</Application>"));
        assert_eq!(package.names[0], "[Content_Types].xml");
    }
}

#[test]
fn the_same_edition_gives_the_same_bytes() {
    for doc in editions() {
        let first = write(&doc);
        // docx-rs numbers paragraphs per thread: a second document on the
        // same thread, and one on a fresh thread, start from other numbers.
        let again = write(&doc);
        let elsewhere = std::thread::scope(|s| s.spawn(|| write(&doc)).join().unwrap());
        assert!(first == again && first == elsewhere, "{}", doc.lang.code);
    }
}

#[test]
fn sparse_documents_are_written() {
    let mut doc = editions().remove(0);
    // Every string of the body empty, no figures, a table of group rows only.
    for block in &mut doc.body {
        match block {
            Block::Heading { text, number, .. } => {
                text.clear();
                *number = Some(Vec::new());
            }
            Block::Para { lead, text, .. } => {
                text.clear();
                *lead = Some(Vec::new());
            }
            Block::List { items, marker } => {
                marker.clear();
                items.iter_mut().for_each(|i| i.text.clear());
            }
            Block::Table(table) => {
                table.caption.clear();
                table.rows.retain(|r| r.group);
                table.columns.iter_mut().for_each(|c| c.header.clear());
            }
            Block::Figure(_) => {}
        }
    }
    doc.body.retain(|b| !matches!(b, Block::Figure(_)));
    doc.meta.title.clear();
    doc.meta.group.clear();
    doc.meta.left.iter_mut().for_each(|l| l.text.clear());
    doc.lang.page_before.clear();
    doc.lang.page_after.clear();
    let bytes = write_with(&doc, &[]);
    let package = Package::open(&bytes);
    let body = package.xml("word/document.xml");
    assert!(body.all(WP, "inline").is_empty());
    assert!(!package.names.iter().any(|n| n.starts_with("word/media/")));
    for tbl in body.all(W, "tbl") {
        for tc in tbl.all(W, "tc") {
            assert!(tc.child(W, "p").is_some(), "every cell has a paragraph");
        }
    }

    doc.front.clear();
    doc.body.clear();
    let bytes = write_with(&doc, &[]);
    let body = Package::open(&bytes).xml("word/document.xml");
    assert!(
        body.child(W, "body")
            .and_then(|b| b.child(W, "sectPr"))
            .is_some()
    );
}

/// The pictures are the drawings of the laid-out report: one per figure,
/// as wide as the text plus the picture's margin (0.3 cm a side), shorter
/// than the text area, white around the drawing and not blank inside.
#[test]
fn pictures_are_the_drawings_of_the_laid_out_report() {
    let doc = editions()
        .into_iter()
        .find(|d| d.lang.code == "en")
        .unwrap();
    let document = common::typeset(&doc, &common::root());
    let pictures = tdag_report::figures::pictures(&document, doc.layout.picture_dpi).unwrap();
    let figures: Vec<&str> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f.id.as_str()),
            _ => None,
        })
        .collect();
    let ids: Vec<&str> = pictures.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, figures);
    let page = &doc.layout.page;
    let margin = 0.3 / 2.54 * 72.0;
    let text_width = page.width.0 - page.left.0 - page.right.0;
    let text_height = page.height.0 - page.top.0 - page.bottom.0;
    for picture in &pictures {
        assert!(
            (picture.width_pt - (text_width + 2.0 * margin)).abs() < 0.01,
            "{picture:?}"
        );
        assert!(
            picture.height_pt > 100.0 && picture.height_pt < text_height,
            "{picture:?}"
        );
        let expected_px = (picture.width_pt * doc.layout.picture_dpi / 72.0).ceil() as u32;
        assert!(
            picture.width_px.abs_diff(expected_px) <= 1,
            "{} px",
            picture.width_px
        );
        let mut reader = png::Decoder::new(std::io::Cursor::new(&picture.png))
            .read_info()
            .unwrap();
        let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgba).unwrap();
        assert_eq!(
            (info.width, info.height),
            (picture.width_px, picture.height_px)
        );
        let row = info.line_size;
        let white = |bytes: &[u8]| bytes.iter().all(|&b| b == 255);
        assert!(
            white(&rgba[..row]),
            "{}: the top margin is white",
            picture.id
        );
        assert!(
            white(&rgba[(info.height as usize - 1) * row..info.height as usize * row]),
            "{}: the bottom margin is white",
            picture.id
        );
        let inked = rgba.chunks(4).filter(|p| p[..3] != [255, 255, 255]).count();
        assert!(
            inked > rgba.len() / 4 / 20,
            "{}: {inked} inked pixels",
            picture.id
        );
    }
}
