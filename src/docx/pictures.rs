//! Figures as inline pictures: the PNG rendered from the same drawing as
//! the PDF's, at its size in points (never wider than the text), centred,
//! with the caption below.

use docx_rs::{Paragraph, Pic, Run};

use super::page::{EMU_PER_PT, EMU_PER_TWIP};
use super::styles;
use crate::diag::Diagnostic;
use crate::doc::Figure;
use crate::figures::FigureImage;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What Word shows of a picture besides the image: its name and its
/// alternative text. docx-rs writes the same fixed `wp:docPr` for every
/// picture; these are set on it when the package is put together, in
/// document order.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// Name, shown in Word's selection pane.
    pub name: String,
    /// The figure's alternative text.
    pub alt: String,
}

/// The picture paragraph and the caption paragraph of a figure; the
/// picture is at most `width` twips wide.
pub fn figure(
    figure: &Figure,
    images: &[FigureImage],
    pictures: &mut Vec<Picture>,
    width: u32,
) -> Result<(Paragraph, Paragraph), Diagnostic> {
    let image = images.iter().find(|i| i.id == figure.id).ok_or_else(|| {
        Diagnostic::error(format!(
            "no picture was rendered for figure `{}`",
            figure.id
        ))
    })?;
    if !image.png.starts_with(PNG_SIGNATURE) {
        return Err(Diagnostic::error(format!(
            "the picture of figure `{}` is not a PNG image",
            figure.id
        )));
    }
    let (cx, cy) = extent(image.width_pt, image.height_pt, width).ok_or_else(|| {
        Diagnostic::error(format!("the picture of figure `{}` has no size", figure.id))
    })?;
    pictures.push(Picture {
        name: figure.id.clone(),
        alt: figure.alt.clone(),
    });
    // The relationship id names the image part; one per picture, counted
    // here so that it does not depend on docx-rs's process-wide counter.
    let pic = Pic::new_with_dimensions(image.png.clone(), image.width_px, image.height_px)
        .size(cx, cy)
        .id(format!("rIdImage{}", pictures.len()));
    let picture = Paragraph::new()
        .style(styles::FIGURE)
        .add_run(Run::new().add_image(pic));
    let caption = Paragraph::new()
        .style(styles::CAPTION)
        .add_run(Run::new().add_text(&figure.caption));
    Ok((picture, caption))
}

/// The size of a picture in EMUs, scaled down to `max` twips if wider.
fn extent(width_pt: f64, height_pt: f64, max: u32) -> Option<(u32, u32)> {
    if !(width_pt.is_finite() && height_pt.is_finite() && width_pt > 0.0 && height_pt > 0.0) {
        return None;
    }
    let max = (u64::from(max) * EMU_PER_TWIP) as f64;
    let (cx, cy) = (width_pt * EMU_PER_PT, height_pt * EMU_PER_PT);
    let scale = (max / cx).min(1.0);
    let (cx, cy) = ((cx * scale).round(), (cy * scale).round());
    (cx >= 1.0 && cy >= 1.0 && cy <= f64::from(u32::MAX)).then_some((cx as u32, cy as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::page::TEXT_WIDTH;

    #[test]
    fn pictures_keep_their_size_up_to_the_text_width() {
        assert_eq!(extent(72.0, 36.0, TEXT_WIDTH), Some((914_400, 457_200)));
        let text = (u64::from(TEXT_WIDTH) * EMU_PER_TWIP) as u32;
        assert_eq!(extent(1000.0, 500.0, TEXT_WIDTH), Some((text, text / 2)));
        assert_eq!(extent(0.0, 10.0, TEXT_WIDTH), None);
        assert_eq!(extent(f64::NAN, 10.0, TEXT_WIDTH), None);
    }
}
