//! The one layout both writers read: page, margins, text sizes, spacing,
//! indents, colours, table fills and the arrangement of the header block,
//! from `templates/layout.toml`. Lengths are written with units (`20mm`,
//! `1.27cm`, `12pt`, `0.9em`) and kept in points; each writer converts
//! them to its own units (Typst points, Word twips, half-points and EMUs).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::source::Dir;
use crate::span::SourceFile;

/// The layout file inside `templates/`.
pub const LAYOUT_FILE: &str = "layout.toml";

/// A length in points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Pt(pub f64);

impl Pt {
    /// In twentieths of a point (Word's twips).
    pub fn twips(self) -> u32 {
        (self.0 * 20.0).round().max(0.0) as u32
    }

    /// In half-points (Word's font sizes).
    pub fn half_points(self) -> u32 {
        (self.0 * 2.0).round().max(0.0) as u32
    }

    /// In eighths of a point (Word's border widths).
    pub fn eighths(self) -> u32 {
        (self.0 * 8.0).round().max(0.0) as u32
    }

    /// In English Metric Units (drawings).
    pub fn emu(self) -> u64 {
        (self.0 * 12_700.0).round().max(0.0) as u64
    }
}

/// A colour as `#rrggbb`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Colour(pub String);

impl Colour {
    /// `RRGGBB`, as Word writes colours.
    pub fn hex(&self) -> String {
        self.0.trim_start_matches('#').to_uppercase()
    }
}

/// Page geometry.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
    /// Top margin.
    pub top: Pt,
    /// Bottom margin.
    pub bottom: Pt,
    /// Left margin (the start side).
    pub left: Pt,
    /// Right margin.
    pub right: Pt,
    /// Distance of the running header from the top edge.
    pub header: Pt,
}

impl Page {
    /// The width of the text.
    pub fn text_width(&self) -> Pt {
        Pt(self.width.0 - self.left.0 - self.right.0)
    }
}

/// Text sizes and spacing.
#[derive(Clone, Debug, Serialize)]
pub struct Text {
    /// Body text.
    pub body: Pt,
    /// Tables and captions.
    pub small: Pt,
    /// The running header.
    pub header: Pt,
    /// The group's name in the header block.
    pub group: Pt,
    /// Labels in figures.
    pub figure: Pt,
    /// Space between paragraphs.
    pub paragraph_spacing: Pt,
    /// Space above a section heading.
    pub section_above: Pt,
    /// Space above a subheading.
    pub heading_above: Pt,
}

/// Indents and widths.
#[derive(Clone, Debug, Serialize)]
pub struct Indent {
    /// Width of paragraph and heading numbers; the hang of list items.
    pub number: Pt,
    /// Width of "Source:" and "Title:".
    pub label: Pt,
    /// Width of the right column of the header block.
    pub header_right: Pt,
    /// Inner margin of the front-matter box.
    pub box_inset: Pt,
    /// Cell margins left and right.
    pub cell_x: Pt,
    /// Cell margins above and below.
    pub cell_y: Pt,
}

/// Line widths.
#[derive(Clone, Debug, Serialize)]
pub struct Lines {
    /// Table and box borders.
    pub table: Pt,
    /// The rule under the header block.
    pub rule: Pt,
    /// Change bars of revisions.
    pub change_bar: Pt,
}

/// Colours.
#[derive(Clone, Debug, Serialize)]
pub struct Colours {
    /// The ITU blue: the group's name, the rule, figures.
    pub blue: Colour,
    /// Dark blue: figure text on fills.
    pub dark: Colour,
    /// Light blue: figure fills.
    pub light: Colour,
    /// Table header cells.
    pub head_fill: Colour,
    /// Table group rows.
    pub group_fill: Colour,
    /// Inserted text of revisions.
    pub inserted: Colour,
    /// Deleted text of revisions.
    pub deleted: Colour,
    /// The draft watermark.
    pub draft: Colour,
}

/// The header block: which lines go in which column.
#[derive(Clone, Debug, Serialize)]
pub struct HeaderBlock {
    /// Left column, top to bottom.
    pub left: Vec<String>,
    /// Right column, top to bottom.
    pub right: Vec<String>,
}

/// The lines the header block can show.
pub const HEADER_LINES: [&str; 5] = ["group", "meeting", "document", "date", "original"];

/// The whole layout.
#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    /// The page.
    pub page: Page,
    /// Text.
    pub text: Text,
    /// Indents.
    pub indent: Indent,
    /// Lines.
    pub lines: Lines,
    /// Colours.
    pub colours: Colours,
    /// The header block.
    pub header_block: HeaderBlock,
    /// Resolution of the Word edition's figure pictures.
    pub picture_dpi: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    page: RawPage,
    text: RawText,
    indent: RawIndent,
    lines: RawLines,
    colours: RawColours,
    header_block: RawHeader,
    pictures: RawPictures,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    width: String,
    height: String,
    margin: RawMargin,
    header: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMargin {
    top: String,
    bottom: String,
    left: String,
    right: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    body: String,
    small: String,
    header: String,
    group: String,
    figure: String,
    paragraph_spacing: String,
    section_above: String,
    heading_above: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndent {
    number: String,
    label: String,
    header_right: String,
    box_inset: String,
    cell_x: String,
    cell_y: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLines {
    table: String,
    rule: String,
    change_bar: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColours {
    blue: String,
    dark: String,
    light: String,
    head_fill: String,
    group_fill: String,
    inserted: String,
    deleted: String,
    draft: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    left: Vec<String>,
    right: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPictures {
    dpi: f64,
}

/// Reads lengths and colours, collecting errors located in the file.
struct Reader<'a> {
    file: &'a SourceFile,
    diags: Diagnostics,
    em: f64,
}

impl Reader<'_> {
    /// Where a value is in the file: the first occurrence of it quoted.
    fn locate(&self, raw: &str) -> std::ops::Range<usize> {
        let quoted = format!("\"{raw}\"");
        match self.file.text().find(&quoted) {
            Some(at) => at..at + quoted.len(),
            None => 0..0,
        }
    }

    fn length(&mut self, raw: &str) -> Pt {
        match parse_length(raw, self.em) {
            Some(pt) => Pt(pt),
            None => {
                let span = self.file.span(self.locate(raw));
                self.diags.push(
                    Diagnostic::error(format!("`{raw}` is not a length"))
                        .at(span, "expected a number and a unit: mm, cm, in, pt or em")
                        .with_help("write lengths such as \"20mm\", \"1.27cm\" or \"12pt\""),
                );
                Pt(0.0)
            }
        }
    }

    fn colour(&mut self, raw: &str) -> Colour {
        let hex = raw.strip_prefix('#').unwrap_or("");
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Colour(raw.to_lowercase());
        }
        let span = self.file.span(self.locate(raw));
        self.diags.push(
            Diagnostic::error(format!("`{raw}` is not a colour"))
                .at(span, "expected #rrggbb, such as \"#009cd6\""),
        );
        Colour("#000000".into())
    }

    fn page(&mut self, raw: &RawPage) -> Page {
        Page {
            width: self.length(&raw.width),
            height: self.length(&raw.height),
            top: self.length(&raw.margin.top),
            bottom: self.length(&raw.margin.bottom),
            left: self.length(&raw.margin.left),
            right: self.length(&raw.margin.right),
            header: self.length(&raw.header),
        }
    }

    /// The text sizes and spacing; `body` is read already (it is the `em`).
    fn text(&mut self, raw: &RawText, body: Pt) -> Text {
        Text {
            body,
            small: self.length(&raw.small),
            header: self.length(&raw.header),
            group: self.length(&raw.group),
            figure: self.length(&raw.figure),
            paragraph_spacing: self.length(&raw.paragraph_spacing),
            section_above: self.length(&raw.section_above),
            heading_above: self.length(&raw.heading_above),
        }
    }

    fn indent(&mut self, raw: &RawIndent) -> Indent {
        Indent {
            number: self.length(&raw.number),
            label: self.length(&raw.label),
            header_right: self.length(&raw.header_right),
            box_inset: self.length(&raw.box_inset),
            cell_x: self.length(&raw.cell_x),
            cell_y: self.length(&raw.cell_y),
        }
    }

    fn lines(&mut self, raw: &RawLines) -> Lines {
        Lines {
            table: self.length(&raw.table),
            rule: self.length(&raw.rule),
            change_bar: self.length(&raw.change_bar),
        }
    }

    fn colours(&mut self, raw: &RawColours) -> Colours {
        Colours {
            blue: self.colour(&raw.blue),
            dark: self.colour(&raw.dark),
            light: self.colour(&raw.light),
            head_fill: self.colour(&raw.head_fill),
            group_fill: self.colour(&raw.group_fill),
            inserted: self.colour(&raw.inserted),
            deleted: self.colour(&raw.deleted),
            draft: self.colour(&raw.draft),
        }
    }

    /// What the single values cannot tell: the header block names known
    /// lines, the pictures' resolution is sensible, the margins leave room.
    fn check(&mut self, layout: &Layout) {
        let file = self.file;
        for line in layout
            .header_block
            .left
            .iter()
            .chain(&layout.header_block.right)
        {
            if !HEADER_LINES.contains(&line.as_str()) {
                let span = file.span(self.locate(line));
                self.diags.push(
                    Diagnostic::error(format!("`{line}` is not a line of the header block"))
                        .at(span, "unknown line")
                        .with_help(format!(
                            "the header block's lines are {}",
                            HEADER_LINES.join(", ")
                        )),
                );
            }
        }
        if !(72.0..=1200.0).contains(&layout.picture_dpi) {
            self.diags.push(
                Diagnostic::error("the pictures' resolution must be from 72 to 1200 dpi")
                    .in_file(file.path()),
            );
        }
        if layout.page.text_width().0 <= 0.0 {
            self.diags
                .push(Diagnostic::error("the margins leave no room for text").in_file(file.path()));
        }
    }
}

/// A length with its unit in points; `em` is the body size.
fn parse_length(raw: &str, em: f64) -> Option<f64> {
    let raw = raw.trim();
    let split = raw.find(|c: char| c.is_ascii_alphabetic())?;
    let value: f64 = raw[..split].trim().parse().ok()?;
    let factor = match &raw[split..] {
        "pt" => 1.0,
        "mm" => 72.0 / 25.4,
        "cm" => 72.0 / 2.54,
        "in" => 72.0,
        "em" if em > 0.0 => em,
        _ => return None,
    };
    (value.is_finite() && value >= 0.0).then_some(value * factor)
}

/// Reads `templates/layout.toml`.
pub fn load(templates: &Dir) -> Result<Layout, Diagnostics> {
    let file = templates
        .read(Path::new(LAYOUT_FILE))
        .map_err(|d| vec![d])?;
    from_file(&file)
}

/// Parses and checks a layout file.
pub fn from_file(file: &SourceFile) -> Result<Layout, Diagnostics> {
    let raw: RawLayout = toml::from_str(file.text())
        .map_err(|err| vec![diag::toml_error(file, &err, "invalid layout")])?;
    let mut r = Reader {
        file,
        diags: Vec::new(),
        em: 0.0,
    };
    let body = r.length(&raw.text.body);
    r.em = body.0;
    let layout = Layout {
        page: r.page(&raw.page),
        text: r.text(&raw.text, body),
        indent: r.indent(&raw.indent),
        lines: r.lines(&raw.lines),
        colours: r.colours(&raw.colours),
        header_block: HeaderBlock {
            left: raw.header_block.left,
            right: raw.header_block.right,
        },
        picture_dpi: raw.pictures.dpi,
    };
    r.check(&layout);
    if r.diags.is_empty() {
        Ok(layout)
    } else {
        Err(r.diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_convert_to_points_and_word_units() {
        assert_eq!(parse_length("72pt", 12.0), Some(72.0));
        assert!((parse_length("20mm", 12.0).unwrap() - 56.6929).abs() < 1e-3);
        assert!((parse_length("1.27cm", 12.0).unwrap() - 36.0).abs() < 1e-3);
        assert_eq!(parse_length("0.5em", 12.0), Some(6.0));
        assert_eq!(parse_length("12", 12.0), None);
        assert_eq!(parse_length("-1pt", 12.0), None);
        assert_eq!(parse_length("3px", 12.0), None);
        let margin = Pt(parse_length("20mm", 12.0).unwrap());
        assert_eq!(margin.twips(), 1134);
        assert_eq!(Pt(12.0).half_points(), 24);
        assert_eq!(Pt(0.5).eighths(), 4);
        assert_eq!(Pt(1.0).emu(), 12_700);
    }

    #[test]
    fn the_shipped_layout_loads() {
        let templates = Dir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"));
        let layout = load(&templates).unwrap();
        assert_eq!(layout.page.left.twips(), 1134);
        assert_eq!(layout.colours.blue.hex(), "009CD6");
    }
}
