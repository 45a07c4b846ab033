//! Package parts written here rather than by docx-rs: the document
//! properties, which docx-rs cannot fill (title, subject, creator,
//! language, application), and the settings, which it writes out of
//! schema order.

use super::lists::INDENT;
use super::styles;
use super::xml::{Element, W};
use crate::diag::Diagnostic;
use crate::doc::Doc;

const CORE: &str = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const DCMITYPE: &str = "http://purl.org/dc/dcmitype/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const EXTENDED: &str = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
const VT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";

/// The application named in the extended properties.
pub const APPLICATION: &str = "tdag-report";

/// `docProps/core.xml`: title, subject (the group), creator, the document
/// number as identifier, language, and the given time as creation and
/// modification time.
pub fn core_xml(doc: &Doc, created: time::OffsetDateTime) -> Result<Element, Diagnostic> {
    let stamp = w3cdtf(created)?;
    let meta = &doc.meta;
    let date = |name: &str| {
        Element::new(name)
            .attr("xsi:type", "dcterms:W3CDTF")
            .text(&stamp)
    };
    Ok(Element::new("cp:coreProperties")
        .attr("xmlns:cp", CORE)
        .attr("xmlns:dc", DC)
        .attr("xmlns:dcterms", DCTERMS)
        .attr("xmlns:dcmitype", DCMITYPE)
        .attr("xmlns:xsi", XSI)
        .child(Element::new("dc:title").text(&meta.title))
        .child(Element::new("dc:subject").text(&meta.group))
        .child(Element::new("dc:creator").text(&meta.author))
        .child(Element::new("cp:lastModifiedBy").text(&meta.author))
        .child(Element::new("dc:identifier").text(&meta.number))
        .child(Element::new("dc:language").text(&doc.lang.tag))
        .child(date("dcterms:created"))
        .child(date("dcterms:modified")))
}

/// A time in the W3C date and time format, in UTC: `2023-04-28T00:00:00Z`.
fn w3cdtf(t: time::OffsetDateTime) -> Result<String, Diagnostic> {
    let t = t.to_offset(time::UtcOffset::UTC);
    if !(0..=9999).contains(&t.year()) {
        return Err(Diagnostic::error(format!(
            "the time stamp's year {} cannot be written in a Word document",
            t.year()
        )));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// `docProps/app.xml`: the application that made the file.
pub fn app_xml() -> Element {
    Element::new("Properties")
        .attr("xmlns", EXTENDED)
        .attr("xmlns:vt", VT)
        .child(Element::new("Application").text(APPLICATION))
        .child(Element::new("DocSecurity").text("0"))
}

/// `word/settings.xml`: default tab stop at the number width, Chinese
/// punctuation not compressed, Word 2013+ layout (compatibility mode 15),
/// and the edition's language for theme fonts.
pub fn settings_xml(doc: &Doc) -> Element {
    let w = |local: &str| Element::new(format!("w:{local}"));
    w("settings")
        .attr("xmlns:w", W)
        .child(w("zoom").attr("w:percent", "100"))
        .child(w("defaultTabStop").attr("w:val", &INDENT.to_string()))
        .child(w("characterSpacingControl").attr("w:val", "doNotCompress"))
        .child(
            w("compat").child(
                w("compatSetting")
                    .attr("w:name", "compatibilityMode")
                    .attr("w:uri", "http://schemas.microsoft.com/office/word")
                    .attr("w:val", "15"),
            ),
        )
        .child(styles::language("themeFontLang", &doc.lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::sample;

    #[test]
    fn core_properties_are_filled() {
        let created = time::OffsetDateTime::from_unix_timestamp(1_682_640_000).unwrap();
        let xml = String::from_utf8(core_xml(&sample::doc(), created).unwrap().to_bytes()).unwrap();
        assert!(
            xml.contains("<dc:title>WTDC-22成果报告 &lt;&amp;&gt; &quot;&apos;</dc:title>"),
            "{xml}"
        );
        assert!(
            xml.contains("<dc:creator>电信发展局主任</dc:creator>"),
            "{xml}"
        );
        assert!(xml.contains("<dc:language>zh-CN</dc:language>"), "{xml}");
        assert!(xml.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2023-04-28T00:00:00Z</dcterms:created>"#), "{xml}");
        assert!(xml.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2023-04-28T00:00:00Z</dcterms:modified>"#), "{xml}");
    }

    #[test]
    fn times_are_written_in_utc() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_682_641_805)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
        assert_eq!(t.hour(), 2);
        assert_eq!(w3cdtf(t).unwrap(), "2023-04-28T00:30:05Z");
        let early = time::Date::from_calendar_date(-1, time::Month::January, 1).unwrap();
        assert!(w3cdtf(early.midnight().assume_utc()).is_err());
    }
}
