//! Writing XLIFF 1.2: one `<trans-unit>` per text of the sources, its id
//! the text's stable id, its source and present target with placeholders
//! and markup as inline codes, its place in the sources as a location
//! context and a note. The output depends on the sources only.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::codes::{self, CodeKind, Part};
use super::xml::{escape_attr, escape_text};
use crate::model::{Model, TextItem};
use crate::revise::stale::Stale;

/// The tool's name in the files it writes (`<tool>`, `note from`).
pub const TOOL: &str = "tdag-report";

/// The XLIFF 1.2 namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// What to export.
pub struct Request<'a> {
    /// Language of the sources.
    pub from: &'a str,
    /// Language of the targets.
    pub to: &'a str,
    /// Only the texts whose `to` translation is stale since a baseline,
    /// with the baseline's name.
    pub changed: Option<(&'a str, &'a [Stale<'a>])>,
}

/// An XLIFF document and what it holds.
pub struct Exported {
    /// The document.
    pub xml: String,
    /// Units written.
    pub units: usize,
    /// Units with a target.
    pub translated: usize,
}

/// The XLIFF document of the texts `request` selects.
pub fn export(model: &Model, request: &Request<'_>) -> Exported {
    let stale: Option<HashMap<&str, &Stale<'_>>> = request.changed.map(|(_, found)| {
        found
            .iter()
            .filter(|s| s.langs.iter().any(|l| l == request.to))
            .map(|s| (s.item.id.as_str(), s))
            .collect()
    });
    let mut body = String::new();
    let (mut units, mut translated) = (0, 0);
    for item in model.texts() {
        let Some(source) = item.text.text.get(request.from) else {
            continue;
        };
        let was = match &stale {
            Some(stale) => match stale.get(item.id.as_str()) {
                Some(s) => Some(s.before.as_str()),
                None => continue,
            },
            None => None,
        };
        let target = item.text.text.get(request.to);
        let note = was.map(|before| {
            let reference = request.changed.map_or("", |(r, _)| r);
            format!(
                "The {} text changed since {reference}; it was: {before}",
                model.report.meta.original.get_ref()
            )
        });
        units += 1;
        translated += usize::from(target.is_some());
        let unit = Unit {
            item: &item,
            source,
            target,
            state: if was.is_some() {
                "needs-review-translation"
            } else {
                "translated"
            },
            note,
        };
        unit.write(&mut body, request);
    }
    let xml = document(model, request, &body);
    Exported {
        xml,
        units,
        translated,
    }
}

/// The document around the units.
fn document(model: &Model, request: &Request<'_>, body: &str) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">");
    let _ = writeln!(
        out,
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"{TOOL}\">",
        escape_attr(model.report.meta.document.get_ref()),
        escape_attr(request.from),
        escape_attr(request.to)
    );
    out.push_str("    <header>\n");
    let _ = writeln!(out, "      <tool tool-id=\"{TOOL}\" tool-name=\"{TOOL}\"/>");
    let _ = writeln!(
        out,
        "      <note from=\"{TOOL}\">{}</note>",
        escape_text(HEADER_NOTE)
    );
    out.push_str("    </header>\n    <body>\n");
    out.push_str(body);
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// What the header tells the translator.
const HEADER_NOTE: &str = "Keep the inline codes as they are: each ph is a placeholder that the report fills in (a number, a name, the label of a figure); bpt and ept enclose bold or italic words, a link or a footnote, whose words are translated. Move codes where the translation needs them. Import the translated file with: tdag-report translate import FILE";

/// One unit to write.
struct Unit<'a> {
    item: &'a TextItem<'a>,
    source: &'a str,
    target: Option<&'a str>,
    state: &'static str,
    note: Option<String>,
}

impl Unit<'_> {
    fn write(&self, out: &mut String, request: &Request<'_>) {
        let id = escape_attr(&self.item.id);
        let text = self.item.text.text;
        let (file, line) = match text.get_spanned(request.from) {
            Some(v) => (text.file.path(), text.file.line_col(v.span().start).0),
            None => (text.file.path(), text.file.line_col(text.span.start).0),
        };
        let file = file.display().to_string();
        // A current translation is the published one: approved, so that
        // tools (translate-toolkit, Weblate) do not count it as fuzzy.
        let approved = if self.target.is_some() && self.note.is_none() {
            " approved=\"yes\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "      <trans-unit id=\"{id}\" resname=\"{id}\"{approved} xml:space=\"preserve\">"
        );
        let source = codes::split(self.source);
        let _ = writeln!(
            out,
            "        <source xml:lang=\"{}\">{}</source>",
            escape_attr(request.from),
            inline(&source)
        );
        if let Some(target) = self.target {
            let _ = writeln!(
                out,
                "        <target xml:lang=\"{}\" state=\"{}\">{}</target>",
                escape_attr(request.to),
                self.state,
                inline(&codes::split_like(target, &source))
            );
        }
        let _ = writeln!(
            out,
            "        <context-group purpose=\"location\">\n          <context context-type=\"sourcefile\">{}</context>\n          <context context-type=\"linenumber\">{line}</context>\n        </context-group>",
            escape_text(&file)
        );
        let _ = writeln!(
            out,
            "        <note from=\"{TOOL}\">{}:{line}</note>",
            escape_text(&file)
        );
        if let Some(note) = &self.note {
            let _ = writeln!(
                out,
                "        <note from=\"{TOOL}\">{}</note>",
                escape_text(note)
            );
        }
        out.push_str("      </trans-unit>\n");
    }
}

/// A text's parts as XLIFF content: words escaped, placeholders as `<ph>`,
/// markup as `<bpt>` … `<ept>`.
pub fn inline(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(&escape_text(t)),
            Part::Code(c) => {
                let native = escape_text(&c.native);
                let _ = match c.kind {
                    CodeKind::Placeholder => write!(
                        out,
                        "<ph id=\"{}\" ctype=\"{}\">{native}</ph>",
                        c.id, c.ctype
                    ),
                    CodeKind::Open => write!(
                        out,
                        "<bpt id=\"{}\" ctype=\"{}\">{native}</bpt>",
                        c.id, c.ctype
                    ),
                    CodeKind::Close => write!(out, "<ept id=\"{}\">{native}</ept>", c.id),
                };
            }
        }
    }
    out
}
