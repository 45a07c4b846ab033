//! Reading a DOCX back as a Word reader would: the package unzipped, its
//! XML parsed with namespaces resolved.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
pub const DC: &str = "http://purl.org/dc/elements/1.1/";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";

/// An element with resolved names and unescaped values.
#[derive(Debug, Default)]
pub struct El {
    pub ns: String,
    pub local: String,
    pub attrs: Vec<(String, String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug)]
pub enum Child {
    El(El),
    Text(String),
}

impl El {
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    pub fn attr(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, l, _)| n == ns && l == local)
            .map(|(_, _, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Child::El(e) => Some(e),
            Child::Text(_) => None,
        })
    }

    pub fn child(&self, ns: &str, local: &str) -> Option<&El> {
        self.elements().find(|e| e.is(ns, local))
    }

    /// Every element below this one named so, in document order.
    pub fn find_all<'a>(&'a self, ns: &str, local: &str, out: &mut Vec<&'a El>) {
        for e in self.elements() {
            if e.is(ns, local) {
                out.push(e);
            }
            e.find_all(ns, local, out);
        }
    }

    pub fn all(&self, ns: &str, local: &str) -> Vec<&El> {
        let mut out = Vec::new();
        self.find_all(ns, local, &mut out);
        out
    }

    pub fn text(&self) -> String {
        self.children
            .iter()
            .map(|c| match c {
                Child::Text(t) => t.clone(),
                Child::El(e) => e.text(),
            })
            .collect()
    }

    /// The text of a paragraph with every tracked change accepted
    /// (`accept`) or rejected: insertions kept or dropped, deletions
    /// dropped or kept (their `w:delText`).
    pub fn revised_text(&self, accept: bool) -> String {
        let mut out = String::new();
        self.collect_revised(accept, &mut out);
        out
    }

    fn collect_revised(&self, accept: bool, out: &mut String) {
        for c in self.elements() {
            if (c.is(W, "ins") && !accept)
                || (c.is(W, "del") && accept)
                || c.is(W, "pPr")
                || c.is(W, "rPr")
            {
                continue;
            }
            if c.is(W, "t") || (c.is(W, "delText") && !accept) {
                out.push_str(&c.text());
            } else if c.is(W, "tab") {
                out.push('\t');
            } else {
                c.collect_revised(accept, out);
            }
        }
    }

    /// Whether the paragraph's mark or the row is tracked as inserted or
    /// deleted (`which` is `ins` or `del`).
    pub fn marked(&self, which: &str) -> bool {
        let props = if self.is(W, "tr") {
            self.child(W, "trPr")
        } else {
            self.child(W, "pPr").and_then(|p| p.child(W, "rPr"))
        };
        props.and_then(|p| p.child(W, which)).is_some()
    }

    /// The text of a paragraph as Word shows it: runs' text, tabs as `\t`.
    pub fn para_text(&self) -> String {
        let mut out = String::new();
        for r in self.all(W, "r") {
            for c in r.elements() {
                if c.is(W, "t") {
                    out.push_str(&c.text());
                } else if c.is(W, "tab") {
                    out.push('\t');
                }
            }
        }
        out
    }

    /// The paragraph style, if any.
    pub fn style(&self) -> Option<&str> {
        self.child(W, "pPr")?.child(W, "pStyle")?.attr(W, "val")
    }
}

pub fn bound(r: ResolveResult<'_>) -> String {
    match r {
        ResolveResult::Bound(ns) => ns.as_ref().to_string(),
        _ => String::new(),
    }
}

pub fn parse(bytes: &[u8]) -> El {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut reader = NsReader::from_str(text);
    let mut stack = vec![El::default()];
    loop {
        let (ns, event) = reader.read_resolved_event().expect("well-formed XML");
        let ns = bound(ns);
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let mut el = El {
                    ns,
                    local: e.local_name().as_ref().to_string(),
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    let (ans, local) = reader.resolver_mut().resolve_attribute(a.key);
                    let local = local.as_ref().to_string();
                    el.attrs.push((
                        bound(ans),
                        local,
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("value")
                            .into_owned(),
                    ));
                }
                if empty {
                    stack.last_mut().unwrap().children.push(Child::El(el));
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Child::El(el));
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .children
                .push(Child::Text(t.to_string())),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r)
                        .expect("predefined entity")
                        .to_string(),
                };
                stack.last_mut().unwrap().children.push(Child::Text(s));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unbalanced XML");
    stack
        .pop()
        .unwrap()
        .children
        .into_iter()
        .find_map(|c| match c {
            Child::El(e) => Some(e),
            Child::Text(_) => None,
        })
        .expect("a root element")
}

/// The parts of a DOCX, by name, in archive order.
pub struct Package {
    pub names: Vec<String>,
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Package {
    pub fn open(bytes: &[u8]) -> Package {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut names = Vec::new();
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let modified = file.last_modified().expect("a time stamp");
            assert_eq!(
                (modified.year(), modified.month(), modified.day()),
                (1980, 1, 1),
                "{}",
                file.name()
            );
            let mut buf = Vec::new();
            file.read_to_end(&mut buf).unwrap();
            names.push(file.name().to_string());
            parts.insert(file.name().to_string(), buf);
        }
        Package { names, parts }
    }

    pub fn xml(&self, name: &str) -> El {
        parse(
            self.parts
                .get(name)
                .unwrap_or_else(|| panic!("no part {name}")),
        )
    }
}

/// The paragraphs of a document part, as texts, with every tracked change
/// accepted (`Some(true)`), rejected (`Some(false)`) or as written (`None`);
/// rows and paragraphs that the choice removes are left out, and so are
/// empty paragraphs.
pub fn paragraphs(body: &El, accept: Option<bool>) -> Vec<String> {
    fn walk(e: &El, accept: Option<bool>, out: &mut Vec<String>) {
        for c in e.elements() {
            let gone = match accept {
                Some(true) => c.marked("del"),
                Some(false) => c.marked("ins"),
                None => false,
            };
            if c.is(W, "tr") && gone {
                continue;
            }
            if c.is(W, "p") {
                let text = match accept {
                    Some(a) => c.revised_text(a),
                    None => c.para_text(),
                };
                if !text.trim().is_empty() {
                    out.push(text);
                }
            } else {
                walk(c, accept, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(body, accept, &mut out);
    out
}
