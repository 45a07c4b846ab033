//! The figures as pictures for the Word edition: the very drawings the PDF
//! shows, taken from the report's own layout (no second compile) and
//! rendered to PNG. The template puts each drawing in a block that begins
//! with a `tdag-picture` metadata holding its id; the frame of the block
//! whose items hold that metadata's tag is the picture, rendered on a
//! white page of its own with a small margin.

use typst::foundations::{Label, Smart, Value};
use typst::introspection::{Introspector, Location, MetadataElem, Tag};
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

/// Encodes a picture as RGBA PNG with its resolution. tiny-skia's pixels
/// are premultiplied by alpha and PNG's are not; on the white page every
/// pixel is opaque and the two are the same, so the pixmap's own bytes
/// are written (see benches/PROFILE.md on why not RGB). Every row is
/// filtered with Paeth: files about 5 % larger than with the adaptive
/// choice of a filter per row, in three quarters of its time.
fn encode_png(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, png::EncodingError> {
    // Every pixel as one word, without stopping early, so that the loop
    // vectorizes into whole-register ANDs (picking out the alpha bytes one
    // by one did not); the alpha of the AND of all pixels is the AND of
    // their alphas.
    let all = pixmap.data().chunks_exact(4).fold(u32::MAX, |all, p| {
        all & u32::from_le_bytes([p[0], p[1], p[2], p[3]])
    });
    let opaque = all >> 24 == u32::from(u8::MAX);
    let straight: std::borrow::Cow<[u8]> = if opaque {
        pixmap.data().into()
    } else {
        let straight = pixmap.pixels().iter().map(|p| p.demultiply());
        let bytes = straight.flat_map(|c| [c.red(), c.green(), c.blue(), c.alpha()]);
        bytes.collect::<Vec<u8>>().into()
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    let per_metre = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&straight)?;
    writer.finish()?;
    Ok(out)
}

/// The frame of the block that holds the tag of the element at `location`
/// among its own items: the block the template put the drawing in.
fn holder(frame: &Frame, location: Location) -> Option<&Frame> {
    frame.items().find_map(|(_, item)| match item {
        FrameItem::Group(group) => {
            let holds = group.frame.items().any(|(_, item)| {
                matches!(item, FrameItem::Tag(Tag::Start(elem, _)) if elem.location() == Some(location))
            });
            if holds {
                Some(&group.frame)
            } else {
                holder(&group.frame, location)
            }
        }
        _ => None,
    })
}

/// The figure pictures of a compiled report, in document order.
pub fn pictures(document: &PagedDocument, dpi: f64) -> Result<Vec<FigureImage>, Diagnostics> {
    let introspector = document.introspector();
    let label = Label::new(PicoStr::intern("tdag-picture")).expect("a valid label");
    let options = typst_render::RenderOptions {
        pixel_per_pt: (dpi / 72.0).into(),
        render_bleed: false,
    };
    let mut pictures = Vec::new();
    for content in introspector.query(&typst::foundations::Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let Value::Dict(dict) = &meta.value else {
            continue;
        };
        let Ok(Value::Str(id)) = dict.get("id") else {
            continue;
        };
        let fail = |what: &str| failure(id.as_str(), what);
        let location = content.location();
        let page = location
            .and_then(|loc| introspector.position(loc))
            .and_then(|position| document.pages().get(position.page.get() - 1))
            .ok_or_else(|| fail("the template did not place it"))?;
        let drawing = location
            .and_then(|loc| holder(&page.frame, loc))
            .ok_or_else(|| fail("the template did not put it first in a block of its own"))?;
        let margin = Abs::pt(MARGIN_PT);
        let mut frame = Frame::new(drawing.size() + Size::splat(2.0 * margin), FrameKind::Hard);
        frame.push_frame(Point::splat(margin), drawing.clone());
        let picture = Page {
            frame,
            bleed: Sides::default(),
            fill: Smart::Auto,
            numbering: None,
            supplement: typst::foundations::Content::empty(),
            number: 1,
        };
        pictures.push((id.to_string(), picture));
    }
    // The largest first: each pixmap then fits in the memory the one
    // before it freed, where a larger one would be faulted in afresh.
    // (One task per picture, for the idle thread to take up an edition's
    // last ones, measured within noise: benches/PROFILE.md.)
    let mut order: Vec<usize> = (0..pictures.len()).collect();
    order.sort_by(|&a, &b| area(&pictures[b].1).total_cmp(&area(&pictures[a].1)));
    let mut images: Vec<Option<FigureImage>> = pictures.iter().map(|_| None).collect();
    for i in order {
        let (id, picture) = &pictures[i];
        images[i] = Some(render(id, picture, &options, dpi)?);
    }
    Ok(images.into_iter().flatten().collect())
}

/// One picture rendered and encoded.
fn render(
    id: &str,
    picture: &Page,
    options: &typst_render::RenderOptions,
    dpi: f64,
) -> Result<FigureImage, Diagnostics> {
    let pixmap = typst_render::render(picture, options);
    let png = encode_png(&pixmap, dpi).map_err(|e| failure(id, &format!("PNG encoding: {e}")))?;
    let size = picture.frame.size();
    Ok(FigureImage {
        id: id.to_string(),
        png,
        width_px: pixmap.width(),
        height_px: pixmap.height(),
        width_pt: size.x.to_pt(),
        height_pt: size.y.to_pt(),
    })
}

/// Why the picture of figure `id` cannot be made.
fn failure(id: &str, what: &str) -> Diagnostics {
    vec![Diagnostic::error(format!(
        "cannot make the picture of figure `{id}`: {what}"
    ))]
}

/// A picture's area in square points.
fn area(picture: &Page) -> f64 {
    let size = picture.frame.size();
    size.x.to_pt() * size.y.to_pt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn opaque_pixels_are_written_as_they_are() {
        let mut pixmap = tiny_skia::Pixmap::new(3, 2).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(0, 156, 214, 255));
        let png = encode_png(&pixmap, 220.0).unwrap();
        let (info, pixels) = decode(&png);
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        assert_eq!(pixels, pixmap.data());
        assert_eq!(&pixels[..4], &[0, 156, 214, 255]);
    }

    #[test]
    fn translucent_pixels_are_unpremultiplied() {
        let mut pixmap = tiny_skia::Pixmap::new(1, 1).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 100, 0, 128));
        assert_ne!(pixmap.data()[0], 200, "tiny-skia premultiplies");
        let (_, pixels) = decode(&encode_png(&pixmap, 220.0).unwrap());
        assert!(
            pixels[0].abs_diff(200) <= 1 && pixels[1].abs_diff(100) <= 1,
            "{pixels:?}"
        );
        assert_eq!((pixels[2], pixels[3]), (0, 128));
    }

    #[test]
    fn one_translucent_pixel_anywhere_makes_the_picture_translucent() {
        let mut pixmap = tiny_skia::Pixmap::new(5, 3).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 100, 0, 255));
        let last = pixmap.pixels().len() - 1;
        pixmap.pixels_mut()[last] =
            tiny_skia::PremultipliedColorU8::from_rgba(100, 50, 0, 128).unwrap();
        let (_, pixels) = decode(&encode_png(&pixmap, 220.0).unwrap());
        assert_eq!(&pixels[..4], &[200, 100, 0, 255]);
        let end = &pixels[pixels.len() - 4..];
        assert!(
            end[0].abs_diff(200) <= 1 && end[1].abs_diff(100) <= 1,
            "{end:?}"
        );
        assert_eq!(end[3], 128);
    }

    #[test]
    fn the_holder_is_the_block_whose_own_items_hold_the_tag() {
        use typst::foundations::Content;
        use typst::introspection::TagFlags;
        let location = Location::new(7);
        let flags = TagFlags {
            introspectable: true,
            tagged: false,
        };
        let tag = |at: Location| FrameItem::Tag(Tag::Start(Content::empty().located(at), flags));
        let mut block = Frame::new(Size::new(Abs::pt(400.0), Abs::pt(120.0)), FrameKind::Hard);
        block.push(Point::zero(), tag(location));
        let mut other = Frame::new(Size::new(Abs::pt(400.0), Abs::pt(20.0)), FrameKind::Hard);
        other.push(Point::zero(), tag(Location::new(8)));
        let mut figure = Frame::new(Size::new(Abs::pt(400.0), Abs::pt(160.0)), FrameKind::Hard);
        figure.push_frame(Point::zero(), other);
        figure.push_frame(Point::with_y(Abs::pt(20.0)), block);
        let mut page = Frame::new(Size::new(Abs::pt(595.0), Abs::pt(842.0)), FrameKind::Hard);
        page.push_frame(Point::splat(Abs::pt(50.0)), figure);
        let found = holder(&page, location).expect("the block is found");
        assert_eq!(found.size(), Size::new(Abs::pt(400.0), Abs::pt(120.0)));
        assert!(holder(&page, Location::new(9)).is_none());
    }

    #[test]
    fn the_resolution_is_recorded() {
        let pixmap = tiny_skia::Pixmap::new(1, 1).unwrap();
        let png = encode_png(&pixmap, 220.0).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        let dims = reader.info().pixel_dims.unwrap();
        assert_eq!((dims.xppu, dims.unit), (8661, png::Unit::Meter));
    }
}
