//! What docx-rs cannot say, or says out of order, set right in one pass
//! over its XML (quick-xml's reader and writer), finding each element by an
//! explicit key, never by position:
//!
//! - a report table, by the bookmark in its header row: its caption as
//!   `w:tblCaption` and `w:tblHeader` on the header row, so Word repeats it;
//! - a picture, by its relationship id: a unique id, its name and its
//!   description in `wp:docPr` and `pic:cNvPr`;
//! - ids docx-rs draws from process-wide counters (revisions, footnotes,
//!   hyperlink relationships), numbered in document order, and `w14` ids
//!   dropped, so the same document gives the same bytes on any thread;
//! - right-to-left editions: `w:rtl` on every run, `w:bidiVisual` on every
//!   table;
//! - a table cell in a language of its own, by the bookmark in it (a column
//!   of a parallel edition): its runs' language, fonts and direction, and
//!   the direction of the tables in it;
//! - footnotes: the note's own number (`w:footnoteRef`) before its text;
//! - the children of property elements in the schema's order
//!   (ECMA-376, `wml.xsd`), which Word requires and docx-rs does not keep.

use std::collections::HashMap;

use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use super::body::{CellLang, Keys};

/// An error in words.
pub type XmlError = String;

/// The order of the children of property elements.
#[rustfmt::skip]
fn order(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "w:pPr" => &[
            "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
            "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
            "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
            "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
            "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
            "w:sectPr", "w:pPrChange",
        ],
        "w:rPr" => &[
            "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i",
            "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow",
            "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color",
            "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
            "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
            "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange",
        ],
        "w:tblPr" => &[
            "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
            "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:trPr" => &[
            "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
            "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins",
            "w:del", "w:trPrChange",
        ],
        "w:tcPr" => &[
            "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
            "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
            "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
        ],
        "w:sectPr" => &[
            "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
            "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols",
            "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
            "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
        ],
        "w:pBdr" => &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
        "w:tblBorders" | "w:tcBorders" | "w:tblCellMar" | "w:tcMar" => &[
            "w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV",
            "w:tl2br", "w:tr2bl",
        ],
        "w:numPr" => &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
        "w:lvl" => &[
            "w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
            "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr",
        ],
        _ => return None,
    })
}

/// Ids given in document order.
#[derive(Debug, Default)]
pub struct Ids {
    revision: u32,
    picture: u32,
    /// docx-rs's footnote id → ours.
    pub footnotes: HashMap<String, String>,
    /// docx-rs's hyperlink relationship id → ours.
    pub links: HashMap<String, String>,
}

impl Ids {
    fn map(map: &mut HashMap<String, String>, old: &str, prefix: &str) -> String {
        let next = format!("{prefix}{}", map.len() + 1);
        map.entry(old.to_string()).or_insert(next).clone()
    }
}

/// One part's events, with the index of each start tag's end tag.
struct Tree {
    events: Vec<Event<'static>>,
    ends: Vec<usize>,
}

impl Tree {
    fn parse(xml: &[u8]) -> Result<Tree, XmlError> {
        let mut reader = Reader::from_reader(xml);
        let mut events = Vec::new();
        let mut buf = Vec::new();
        loop {
            match reader
                .read_event_into(&mut buf)
                .map_err(|e| e.to_string())?
            {
                Event::Eof => break,
                e => events.push(e.into_owned()),
            }
            buf.clear();
        }
        let mut ends = vec![0; events.len()];
        let mut stack = Vec::new();
        for (i, e) in events.iter().enumerate() {
            match e {
                Event::Start(_) => stack.push(i),
                Event::End(_) => {
                    let open = stack.pop().ok_or("an end tag without a start")?;
                    ends[open] = i;
                }
                _ => {}
            }
        }
        if !stack.is_empty() {
            return Err("an element is never closed".into());
        }
        Ok(Tree { events, ends })
    }

    fn name(&self, i: usize) -> &str {
        match &self.events[i] {
            Event::Start(s) | Event::Empty(s) => s.name().into_inner(),
            _ => "",
        }
    }

    fn attr(&self, i: usize, key: &str) -> Option<String> {
        match &self.events[i] {
            Event::Start(s) | Event::Empty(s) => s
                .attributes()
                .flatten()
                .find(|a| a.key.into_inner() == key)
                .map(|a| unescape(&a.value)),
            _ => None,
        }
    }

    /// The last index of the element at `i`.
    fn end(&self, i: usize) -> usize {
        match self.events[i] {
            Event::Start(_) => self.ends[i],
            _ => i,
        }
    }

    /// The children of the element at `i`: first and last index of each.
    fn children(&self, i: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if !matches!(self.events[i], Event::Start(_)) {
            return out;
        }
        let mut k = i + 1;
        while k < self.ends[i] {
            let last = self.end(k);
            out.push((k, last));
            k = last + 1;
        }
        out
    }

    /// The first element named `name` inside `i..=end`.
    fn find(&self, range: std::ops::RangeInclusive<usize>, name: &str) -> Option<usize> {
        range.into_iter().find(|&k| self.name(k) == name)
    }
}

/// A piece of output: an element of the tree, or one made here.
enum Piece {
    Node(usize, usize),
    Made(Vec<u8>),
}

/// The fix-up of one part.
struct Fix<'a> {
    tree: Tree,
    keys: &'a Keys,
    ids: &'a mut Ids,
    out: Writer<Vec<u8>>,
    /// Inside a report table: its caption; inside a picture: its name and
    /// description.
    table: Option<String>,
    picture: Option<(String, String)>,
    /// The pictures still to be described, by relationship id.
    pictures: HashMap<String, std::collections::VecDeque<(String, String)>>,
    header_row_done: bool,
    /// In a footnote whose number is still to be written.
    note_pending: bool,
    /// Inside a table cell in a language of its own: that language.
    lang: Option<CellLang>,
}

fn empty(name: &str, attrs: &[(&str, &str)]) -> Vec<u8> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute((*k, *v));
    }
    let mut w = Writer::new(Vec::new());
    let _ = w.write_event(Event::Empty(e));
    w.into_inner()
}

impl Fix<'_> {
    /// Emits the element `first..=last`, fixed.
    fn node(&mut self, first: usize, last: usize) -> Result<(), XmlError> {
        if !matches!(self.tree.events[first], Event::Start(_) | Event::Empty(_)) {
            let event = self.tree.events[first].clone();
            return self.out.write_event(event).map_err(|e| e.to_string());
        }
        let name = self.tree.name(first).to_string();
        let saved = (
            self.table.clone(),
            self.picture.clone(),
            self.header_row_done,
        );
        let saved_lang = self.lang.clone();
        match name.as_str() {
            "w:tbl" => {
                self.table = self
                    .tree
                    .find(first..=last, "w:bookmarkStart")
                    .and_then(|k| self.tree.attr(k, "w:name"))
                    .and_then(|n| self.keys.tables.get(&n).cloned());
                self.header_row_done = false;
            }
            "w:tc" => {
                if let Some(lang) = (first..=last)
                    .filter(|&k| self.tree.name(k) == "w:bookmarkStart")
                    .filter_map(|k| self.tree.attr(k, "w:name"))
                    .find_map(|n| self.keys.cells.get(&n))
                {
                    self.lang = Some(lang.clone());
                }
            }
            "w:footnote" => {
                self.note_pending = self
                    .tree
                    .attr(first, "w:id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .is_some_and(|n| n > 0);
            }
            "w:drawing" => {
                let rid = self
                    .tree
                    .find(first..=last, "a:blip")
                    .and_then(|k| self.tree.attr(k, "r:embed"));
                self.picture = rid.and_then(|rid| {
                    let queue = self.pictures.entry(rid.clone()).or_insert_with(|| {
                        self.keys.pictures.get(&rid).cloned().unwrap_or_default()
                    });
                    queue.pop_front()
                });
                self.ids.picture += 1;
            }
            _ => {}
        }
        let start = self.start_tag(first, &name)?;
        let is_start = matches!(self.tree.events[first], Event::Start(_));
        let mut extra: Vec<Vec<u8>> = Vec::new();
        let mut prepend: Vec<Vec<u8>> = Vec::new();
        match name.as_str() {
            "w:tblPr" => {
                if let Some(caption) = &self.table {
                    extra.push(empty("w:tblCaption", &[("w:val", caption)]));
                }
                if self.rtl() {
                    extra.push(empty("w:bidiVisual", &[]));
                }
            }
            "w:trPr" if self.table.is_some() && !self.header_row_done => {
                extra.push(empty("w:tblHeader", &[]));
            }
            "w:rPr" if self.in_run(first) => extra.extend(self.run_properties(first)),
            "w:r"
                if self
                    .tree
                    .children(first)
                    .first()
                    .is_none_or(|&(k, _)| self.tree.name(k) != "w:rPr") =>
            {
                let properties = self.run_properties(first);
                if !properties.is_empty() {
                    prepend.push(
                        [
                            b"<w:rPr>".to_vec(),
                            properties.concat(),
                            b"</w:rPr>".to_vec(),
                        ]
                        .concat(),
                    );
                }
            }
            "w:tr"
                if self.table.is_some()
                    && !self.header_row_done
                    && self
                        .tree
                        .children(first)
                        .first()
                        .is_none_or(|&(k, _)| self.tree.name(k) != "w:trPr") =>
            {
                prepend.push(b"<w:trPr><w:tblHeader/></w:trPr>".to_vec());
                self.header_row_done = true;
            }
            _ => {}
        }
        if !is_start && extra.is_empty() {
            self.out
                .write_event(Event::Empty(start))
                .map_err(|e| e.to_string())?;
        } else {
            self.out
                .write_event(Event::Start(start.borrow()))
                .map_err(|e| e.to_string())?;
            let mut pieces: Vec<Piece> = prepend.into_iter().map(Piece::Made).collect();
            pieces.extend(
                self.tree
                    .children(first)
                    .into_iter()
                    .map(|(a, b)| Piece::Node(a, b)),
            );
            pieces.extend(extra.into_iter().map(Piece::Made));
            if let Some(order) = order(&name) {
                let rank = |p: &Piece| -> usize {
                    let n = match p {
                        Piece::Node(a, _) => self.tree.name(*a).to_string(),
                        Piece::Made(bytes) => made_name(bytes),
                    };
                    order.iter().position(|o| *o == n).unwrap_or(order.len())
                };
                pieces.retain(|p| !matches!(p, Piece::Node(a, _) if matches!(&self.tree.events[*a], Event::Text(t) if t.trim().is_empty())));
                pieces.sort_by_key(rank);
            }
            if name == "w:p" && self.note_pending {
                // The footnote's own number, before the text of its first
                // paragraph.
                self.note_pending = false;
                let at = pieces
                    .iter()
                    .position(|p| !matches!(p, Piece::Node(a, _) if self.tree.name(*a) == "w:pPr"))
                    .unwrap_or(pieces.len());
                let mark = b"<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>";
                pieces.insert(at, Piece::Made(mark.to_vec()));
            }
            for piece in pieces {
                match piece {
                    Piece::Node(a, b) => self.node(a, b)?,
                    Piece::Made(bytes) => self.out.get_mut().extend_from_slice(&bytes),
                }
            }
            self.out
                .write_event(Event::End(BytesEnd::new(name.clone())))
                .map_err(|e| e.to_string())?;
        }
        if name == "w:trPr" && self.table.is_some() {
            self.header_row_done = true;
        }
        if name == "w:tc" {
            self.lang = saved_lang;
        }
        if name == "w:tbl" || name == "w:drawing" {
            (self.table, self.picture, self.header_row_done) = saved;
        } else if name == "w:tr" && self.table.is_some() {
            self.header_row_done = true;
        }
        Ok(())
    }

    /// Whether what is being written runs right to left: the cell's
    /// language, else the document's.
    fn rtl(&self) -> bool {
        self.lang.as_ref().map_or(self.keys.rtl, |l| l.rtl)
    }

    /// What a run's properties (the `w:rPr` at `i`, or a run without
    /// them) need besides their own: `w:rtl` where the text runs right to
    /// left; in a cell of its own language, that language and its fonts
    /// where the run does not name them.
    fn run_properties(&self, i: usize) -> Vec<Vec<u8>> {
        let has = |name: &str| {
            self.tree.name(i) == "w:rPr"
                && self
                    .tree
                    .children(i)
                    .iter()
                    .any(|&(k, _)| self.tree.name(k) == name)
        };
        let mut out = Vec::new();
        if let Some(lang) = &self.lang
            && !has("w:rFonts")
        {
            let [latin, east_asia, complex] = &lang.fonts;
            out.push(empty(
                "w:rFonts",
                &[
                    ("w:ascii", latin),
                    ("w:hAnsi", latin),
                    ("w:eastAsia", east_asia),
                    ("w:cs", complex),
                ],
            ));
        }
        if self.rtl() && !has("w:rtl") {
            out.push(empty("w:rtl", &[]));
        }
        if let Some(lang) = &self.lang
            && !has("w:lang")
        {
            out.push(empty("w:lang", &[(lang.lang.0, &lang.lang.1)]));
        }
        out
    }

    /// Whether the `w:rPr` at `i` belongs to a run (not a paragraph mark
    /// or a style).
    fn in_run(&self, i: usize) -> bool {
        // The parent is the nearest start tag before `i` whose end lies after it.
        (0..i)
            .rev()
            .find(|&k| matches!(self.tree.events[k], Event::Start(_)) && self.tree.ends[k] > i)
            .is_some_and(|k| self.tree.name(k) == "w:r")
    }

    /// The start tag of the element at `i`, its attributes fixed.
    fn start_tag(&mut self, i: usize, name: &str) -> Result<BytesStart<'static>, XmlError> {
        let (Event::Start(tag) | Event::Empty(tag)) = &self.tree.events[i] else {
            return Err("not an element".into());
        };
        let mut attrs: Vec<(String, String)> = Vec::new();
        for a in tag.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = a.key.into_inner().to_string();
            let value = unescape(&a.value);
            attrs.push((key, value));
        }
        let set = |attrs: &mut Vec<(String, String)>, key: &str, value: String| match attrs
            .iter_mut()
            .find(|(k, _)| k == key)
        {
            Some(slot) => slot.1 = value,
            None => attrs.push((key.to_string(), value)),
        };
        attrs.retain(|(k, _)| k != "w14:paraId" && k != "w14:textId");
        match name {
            "w:gridCol" => attrs.retain(|(k, _)| k != "w:type"),
            "w:ins" | "w:del" => {
                self.ids.revision += 1;
                set(&mut attrs, "w:id", self.ids.revision.to_string());
            }
            "w:footnoteReference" | "w:footnote" => {
                if let Some((_, id)) = attrs.iter_mut().find(|(k, _)| k == "w:id")
                    && id.parse::<i64>().is_ok_and(|n| n > 0)
                {
                    *id = Ids::map(&mut self.ids.footnotes, id, "");
                }
            }
            "w:hyperlink" => {
                if let Some((_, id)) = attrs.iter_mut().find(|(k, _)| k == "r:id") {
                    *id = Ids::map(&mut self.ids.links, id, "rIdLink");
                }
            }
            "wp:docPr" | "pic:cNvPr" => {
                set(&mut attrs, "id", self.ids.picture.to_string());
                if let Some((figure, alt)) = &self.picture {
                    set(&mut attrs, "name", figure.clone());
                    set(&mut attrs, "descr", alt.clone());
                    if name == "wp:docPr" {
                        // Word reads the alternative text from the
                        // description, LibreOffice from the title.
                        set(&mut attrs, "title", alt.clone());
                    }
                }
            }
            _ => {}
        }
        let mut tag = BytesStart::new(name.to_string());
        for (k, v) in &attrs {
            tag.push_attribute((k.as_str(), v.as_str()));
        }
        Ok(tag)
    }
}

/// An attribute value with its entities replaced.
fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
}

/// The element name of made markup.
fn made_name(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("")
        .to_string()
}

/// Fixes a document, header or footnotes part.
pub fn fix(xml: &[u8], keys: &Keys, ids: &mut Ids) -> Result<Vec<u8>, XmlError> {
    let tree = Tree::parse(xml)?;
    let mut fix = Fix {
        tree,
        keys,
        ids,
        out: Writer::new(Vec::new()),
        table: None,
        picture: None,
        pictures: HashMap::new(),
        header_row_done: false,
        note_pending: false,
        lang: None,
    };
    let mut i = 0;
    while i < fix.tree.events.len() {
        match &fix.tree.events[i] {
            Event::Start(_) | Event::Empty(_) => {
                let last = fix.tree.end(i);
                fix.node(i, last)?;
                i = last + 1;
            }
            e => {
                let e = e.clone();
                fix.out.write_event(e).map_err(|e| e.to_string())?;
                i += 1;
            }
        }
    }
    Ok(fix.out.into_inner())
}

/// Renames relationship ids of a relationships part and keeps only those
/// whose target is wanted; sorted by id so that the part does not depend
/// on the order docx-rs made them in.
pub fn relationships(
    xml: &[u8],
    links: &HashMap<String, String>,
    keep: impl Fn(&str, bool) -> bool,
) -> Result<Vec<u8>, XmlError> {
    let tree = Tree::parse(xml)?;
    let mut rels: Vec<Vec<(String, String)>> = Vec::new();
    for (i, e) in tree.events.iter().enumerate() {
        if !matches!(e, Event::Empty(_) | Event::Start(_)) || tree.name(i) != "Relationship" {
            continue;
        }
        let (Event::Empty(tag) | Event::Start(tag)) = e else {
            continue;
        };
        let mut attrs: Vec<(String, String)> = tag
            .attributes()
            .flatten()
            .map(|a| (a.key.into_inner().to_string(), unescape(&a.value)))
            .collect();
        let get = |attrs: &[(String, String)], k: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let external = get(&attrs, "TargetMode") == "External";
        let id = get(&attrs, "Id");
        if external {
            match links.get(&id) {
                Some(new) => {
                    for (k, v) in &mut attrs {
                        if k == "Id" {
                            v.clone_from(new);
                        }
                    }
                }
                None => continue,
            }
        } else if !keep(&get(&attrs, "Target"), false) {
            continue;
        }
        rels.push(attrs);
    }
    rels.sort_by(|a, b| {
        a.iter()
            .find(|(k, _)| k == "Id")
            .cmp(&b.iter().find(|(k, _)| k == "Id"))
    });
    let mut w = Writer::new(Vec::new());
    w.get_mut()
        .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    let mut root = BytesStart::new("Relationships");
    root.push_attribute((
        "xmlns",
        "http://schemas.openxmlformats.org/package/2006/relationships",
    ));
    w.write_event(Event::Start(root))
        .map_err(|e| e.to_string())?;
    for attrs in rels {
        let mut tag = BytesStart::new("Relationship");
        for (k, v) in &attrs {
            tag.push_attribute((k.as_str(), v.as_str()));
        }
        w.write_event(Event::Empty(tag))
            .map_err(|e| e.to_string())?;
    }
    w.write_event(Event::End(BytesEnd::new("Relationships")))
        .map_err(|e| e.to_string())?;
    Ok(w.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="urn:w" xmlns:w14="urn:w14""#;

    fn fixed(body: &str, keys: &Keys) -> String {
        let xml = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let out = fix(xml.as_bytes(), keys, &mut Ids::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let start = out.find("<w:body>").unwrap() + "<w:body>".len();
        out[start..out.len() - "</w:body></w:document>".len()].to_string()
    }

    #[test]
    fn properties_follow_the_schema() {
        let out = fixed(
            r#"<w:p w14:paraId="1"><w:pPr><w:rPr/><w:pStyle w:val="H"/><w:jc w:val="center"/><w:keepNext/></w:pPr></w:p>"#,
            &Keys::default(),
        );
        assert_eq!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="H"/><w:keepNext/><w:jc w:val="center"/><w:rPr/></w:pPr></w:p>"#
        );
        let out = fixed(
            r#"<w:r><w:t>b</w:t><w:tab/><w:t>a</w:t></w:r>"#,
            &Keys::default(),
        );
        assert_eq!(out, r#"<w:r><w:t>b</w:t><w:tab/><w:t>a</w:t></w:r>"#);
    }

    #[test]
    fn report_tables_are_found_by_their_bookmark() {
        let mut keys = Keys::default();
        keys.tables
            .insert("_Tbl1".into(), "Table 1 – \"x\" & y".into());
        let table = |bookmark: &str| {
            format!(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/></w:tblPr><w:tblGrid><w:gridCol w:w="100" w:type="dxa"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p><w:bookmarkStart w:id="1" w:name="{bookmark}"/></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#
            )
        };
        let out = fixed(&table("_Tbl1"), &keys);
        assert_eq!(out.matches("<w:tblHeader/>").count(), 1, "{out}");
        assert!(
            out.contains(r#"<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<w:tblCaption w:val="Table 1 – &quot;x&quot; &amp; y"/>"#),
            "{out}"
        );
        assert!(out.contains(r#"<w:gridCol w:w="100"/>"#), "{out}");
        let out = fixed(&table("other"), &keys);
        assert!(
            !out.contains("tblHeader") && !out.contains("tblCaption"),
            "{out}"
        );
    }

    #[test]
    fn revision_ids_follow_document_order() {
        let out = fixed(
            r#"<w:p><w:ins w:id="77" w:author="a"><w:r/></w:ins><w:del w:id="5"/></w:p>"#,
            &Keys::default(),
        );
        assert!(
            out.contains(r#"<w:ins w:id="1" w:author="a">"#)
                && out.contains(r#"<w:del w:id="2"/>"#),
            "{out}"
        );
    }

    #[test]
    fn right_to_left_runs_and_tables() {
        let keys = Keys {
            rtl: true,
            ..Keys::default()
        };
        let out = fixed(
            r#"<w:p><w:pPr><w:rPr/></w:pPr><w:r><w:t>a</w:t></w:r><w:r><w:rPr><w:b/></w:rPr></w:r></w:p><w:tbl><w:tblPr/></w:tbl>"#,
            &keys,
        );
        assert!(out.contains(r#"<w:pPr><w:rPr/></w:pPr>"#), "{out}");
        assert!(
            out.contains(r#"<w:r><w:rPr><w:rtl/></w:rPr><w:t>a</w:t></w:r>"#),
            "{out}"
        );
        assert!(out.contains(r#"<w:rPr><w:b/><w:rtl/></w:rPr>"#), "{out}");
        assert!(
            out.contains(r#"<w:tblPr><w:bidiVisual/></w:tblPr>"#),
            "{out}"
        );
    }
}
