//! The figures as pictures for the Word edition: the same drawings as in
//! the PDF, laid out by the Typst template and rendered to PNG.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::Doc;
use crate::typeset::{self, FIGURE_TEMPLATE, ReportWorld};

/// Print resolution of the pictures.
pub const DPI: f32 = 220.0;

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

/// Encodes an opaque picture as RGB PNG with its resolution, favouring
/// speed: the drawings are flat colours, which compress well anyway.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let per_metre = (DPI / 0.0254).round() as u32;
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

/// Compiles the figure template and renders each page to PNG.
pub fn render(
    world: &ReportWorld,
    templates: &Path,
    doc: &Doc,
) -> Result<Vec<FigureImage>, Diagnostics> {
    let figures = doc.figures();
    if figures.is_empty() {
        return Ok(Vec::new());
    }
    let (document, _) = typeset::compile(world, templates)?;
    let pages = document.pages();
    if pages.len() != figures.len() {
        return Err(vec![
            Diagnostic::error(format!(
                "the figure template made {} pages for {} figures",
                pages.len(),
                figures.len()
            ))
            .in_file(templates.join(FIGURE_TEMPLATE.trim_start_matches('/'))),
        ]);
    }
    let options = typst_render::RenderOptions {
        pixel_per_pt: f64::from(DPI / 72.0).into(),
        render_bleed: false,
    };
    figures
        .iter()
        .zip(pages)
        .map(|(figure, page)| {
            let pixmap = typst_render::render(page, &options);
            let png = encode_png(&pixmap).map_err(|e| {
                vec![Diagnostic::error(format!(
                    "cannot encode figure `{}` as PNG: {e}",
                    figure.id
                ))]
            })?;
            let size = page.frame.size();
            Ok(FigureImage {
                id: figure.id.clone(),
                png,
                width_px: pixmap.width(),
                height_px: pixmap.height(),
                width_pt: size.x.to_pt(),
                height_pt: size.y.to_pt(),
            })
        })
        .collect()
}
