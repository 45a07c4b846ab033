//! How the report is laid out, as against what it shows: the blocks the
//! template puts paragraphs and table cells in (for memory) change nothing
//! on the page, and the project's own compile loop lays an edition out as
//! `typst::compile` does.

mod common;

use common::Fixture;
use tdag_report::typeset::{self, FontOptions, FontSet};
use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::Geometry;
use typst_layout::PagedDocument;

/// Every text run and shape of the document: page, position (in
/// hundredths of a point), what it is; sorted, as the eye sees the page.
fn marks(document: &PagedDocument) -> Vec<(usize, i64, i64, String)> {
    fn walk(frame: &Frame, ts: Transform, page: usize, out: &mut Vec<(usize, i64, i64, String)>) {
        for (pos, item) in frame.items() {
            let at = pos.transform(ts);
            let x = (at.x.to_pt() * 100.0).round() as i64;
            let y = (at.y.to_pt() * 100.0).round() as i64;
            match item {
                FrameItem::Group(group) => {
                    let inner = ts
                        .pre_concat(Transform::translate(pos.x, pos.y))
                        .pre_concat(group.transform);
                    walk(&group.frame, inner, page, out);
                }
                FrameItem::Text(text) => out.push((page, x, y, text.text.to_string())),
                FrameItem::Shape(shape, _) => out.push((page, x, y, geometry(&shape.geometry))),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), i + 1, &mut out);
    }
    out.sort();
    out
}

/// A shape's kind and size, to a hundredth of a point.
fn geometry(g: &Geometry) -> String {
    let pt = |a: typst::layout::Abs| format!("{:.2}", a.to_pt());
    match g {
        Geometry::Line(p) => format!("line {} {}", pt(p.x), pt(p.y)),
        Geometry::Rect(s) => format!("rect {} {}", pt(s.x), pt(s.y)),
        Geometry::Curve(c) => format!("curve of {}", c.0.len()),
    }
}

/// Without the blocks around paragraphs and table cells, and without the
/// spacing that stands in for Typst's attach spacing after a paragraph,
/// every edition shows the same text and lines at the same places. (The
/// Arabic edition's front box, where a list follows a paragraph, is what
/// the spacing is for.)
#[test]
fn paragraph_and_cell_blocks_change_nothing_on_the_page() {
    let bare = Fixture::new();
    bare.edit(
        "templates/edition.typ",
        "let own-block(body) = block(width: 100%, body)",
        "let own-block(body) = body",
    );
    bare.edit(
        "templates/edition.typ",
        "let cell-block(body) = block(width: 100%, breakable: false, body)",
        "let cell-block(body) = body",
    );
    bare.edit(
        "templates/edition.typ",
        "if b.type == \"list\" and after == \"para\" { v(item-spacing, weak: true) }",
        "",
    );
    for doc in common::editions() {
        let shipped = marks(&common::typeset(&doc, &common::root()));
        let without = marks(&common::typeset(&doc, bare.path()));
        assert!(
            shipped.len() > 500,
            "{}: {} marks",
            doc.lang.code,
            shipped.len()
        );
        let first = shipped.iter().zip(&without).find(|(a, b)| a != b);
        assert!(
            first.is_none() && shipped.len() == without.len(),
            "{}: the blocks moved something: {first:?}",
            doc.lang.code
        );
    }
}

/// The project's compile loop, lean or not, gives the pages
/// `typst::compile` gives.
#[test]
fn the_compile_loop_lays_out_as_typst_does() {
    let fonts = std::sync::Arc::new(FontSet::new(&FontOptions::default()));
    for doc in common::editions()
        .into_iter()
        .filter(|d| ["zh", "ar"].contains(&d.lang.code.as_str()))
    {
        let world = typeset::world(
            typeset::doc_json(&doc).unwrap(),
            &tdag_report::Paths::at(common::root()).templates,
            typeset::REPORT_TEMPLATE,
            fonts.clone(),
            typst::foundations::Datetime::from_ymd(2023, 4, 28).unwrap(),
        );
        let theirs: PagedDocument = typst::compile(&world).output.unwrap();
        let ours = typeset::compile(&world).unwrap().0;
        let lean = typeset::compile_lean(&world).unwrap().0;
        let hash = |d: &PagedDocument| typst::utils::hash128(&d.pages());
        assert_eq!(ours.pages().len(), theirs.pages().len());
        assert_eq!(hash(&ours), hash(&theirs), "{}", doc.lang.code);
        assert_eq!(hash(&lean), hash(&theirs), "{}", doc.lang.code);
    }
}
