//! The figures as pictures for the Word edition: the very drawings the PDF
//! shows, taken from the report's own layout (no second compile) and
//! rendered to PNG. The template marks each drawing with a `tdag-picture`
//! metadata holding its id and size; the drawing's frame is found at that
//! place and rendered on a white page of its own with a small margin.

use typst::foundations::{Label, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Abs, Frame, FrameItem, FrameKind, Point, Sides, Size};
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

use crate::diag::{Diagnostic, Diagnostics};

/// The margin around each picture: 0.3 cm.
const MARGIN_PT: f64 = 8.503_937;

/// One figure as a PNG picture.
#[derive(Clone, Debug)]
pub struct FigureImage {
    /// The figure's id.
    pub id: String,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Width in points (1/72 in), the size to show it at.
    pub width_pt: f64,
    /// Height in points.
    pub height_pt: f64,
}

/// Encodes an opaque picture as RGB PNG with its resolution.
fn encode_png(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, png::EncodingError> {
    let mut rgb = Vec::with_capacity(pixmap.pixels().len() * 3);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgb.extend_from_slice(&[c.red(), c.green(), c.blue()]);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let per_metre = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// The subframe at `at` (absolute, on the page) whose size is `size`.
fn find_frame(frame: &Frame, origin: Point, at: Point, size: Size) -> Option<&Frame> {
    let close = |a: Abs, b: Abs| (a - b).abs().to_pt() < 0.01;
    for (pos, item) in frame.items() {
        let FrameItem::Group(group) = item else {
            continue;
        };
        let here = origin + *pos;
        let s = group.frame.size();
        if close(here.x, at.x) && close(here.y, at.y) && close(s.x, size.x) && close(s.y, size.y) {
            return Some(&group.frame);
        }
        if let Some(found) = find_frame(&group.frame, here, at, size) {
            return Some(found);
        }
    }
    None
}

/// The figure pictures of a compiled report, in document order.
pub fn pictures(document: &PagedDocument, dpi: f64) -> Result<Vec<FigureImage>, Diagnostics> {
    let introspector = document.introspector();
    let label = Label::new(PicoStr::intern("tdag-picture")).expect("a valid label");
    let options = typst_render::RenderOptions {
        pixel_per_pt: (dpi / 72.0).into(),
        render_bleed: false,
    };
    let mut images = Vec::new();
    for content in introspector.query(&typst::foundations::Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let Value::Dict(dict) = &meta.value else {
            continue;
        };
        let get = |k: &str| dict.get(k).ok().cloned();
        let (Some(Value::Str(id)), Some(w), Some(h)) = (get("id"), get("width"), get("height"))
        else {
            continue;
        };
        let number = |v: Value| match v {
            Value::Float(f) => f,
            Value::Int(i) => i as f64,
            _ => 0.0,
        };
        let size = Size::new(Abs::pt(number(w)), Abs::pt(number(h)));
        let fail = |what: &str| {
            vec![Diagnostic::error(format!(
                "cannot make the picture of figure `{}`: {what}",
                id.as_str()
            ))]
        };
        let position = content
            .location()
            .and_then(|loc| introspector.position(loc))
            .ok_or_else(|| fail("the template did not place it"))?;
        let page = &document.pages()[position.page.get() - 1];
        let found = find_frame(&page.frame, Point::zero(), position.point, size).cloned();
        let margin = Abs::pt(MARGIN_PT);
        let mut frame = Frame::new(size + Size::splat(2.0 * margin), FrameKind::Hard);
        match found {
            Some(drawing) => frame.push_frame(Point::splat(margin), drawing),
            None => {
                // Not a frame of its own: cut the page around it.
                let at = Point::splat(margin) - position.point;
                frame.push_frame(at, page.frame.clone());
                frame.clip(typst::visualize::Curve::rect(frame.size()));
            }
        }
        let picture = Page {
            frame,
            bleed: Sides::default(),
            fill: Smart::Auto,
            numbering: None,
            supplement: typst::foundations::Content::empty(),
            number: 1,
        };
        let pixmap = typst_render::render(&picture, &options);
        let png = encode_png(&pixmap, dpi).map_err(|e| fail(&format!("PNG encoding: {e}")))?;
        let size = picture.frame.size();
        images.push(FigureImage {
            id: id.to_string(),
            png,
            width_px: pixmap.width(),
            height_px: pixmap.height(),
            width_pt: size.x.to_pt(),
            height_pt: size.y.to_pt(),
        });
    }
    Ok(images)
}
