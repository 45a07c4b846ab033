//! A small XML tree for the package parts: parsed with quick-xml, changed in
//! place, written back. Text and attribute values are kept as they were
//! escaped in the source, so what is not changed is written back unchanged;
//! values set here are escaped on the way in.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Namespace of WordprocessingML.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Namespace of relationship references.
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// Namespace of drawings placed in WordprocessingML.
pub const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
/// Namespace of DrawingML.
pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// Namespace of DrawingML pictures.
pub const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
/// Namespace of Word 2010 extensions (paragraph ids).
pub const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";
/// Namespace of package relationships.
pub const PKG_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Namespace of the content types part.
pub const CONTENT_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// An element.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Qualified name as written, e.g. `w:p`.
    pub name: String,
    /// Attributes: qualified name and escaped value.
    pub attrs: Vec<(String, String)>,
    /// Children in order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, escaped.
    Text(String),
    /// Markup kept verbatim: comments, CDATA, processing instructions.
    Raw(String),
}

/// An XML error, in words.
pub type XmlError = String;

impl Element {
    /// An element with no attributes or children.
    pub fn new(name: impl Into<String>) -> Self {
        Element {
            name: name.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds an attribute; the value is escaped.
    pub fn attr(mut self, name: &str, value: &str) -> Self {
        self.set_attr(name, value);
        self
    }

    /// Adds a child element.
    pub fn child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Adds child elements.
    pub fn children(mut self, children: impl IntoIterator<Item = Element>) -> Self {
        self.children
            .extend(children.into_iter().map(Node::Element));
        self
    }

    /// Adds text; it is escaped.
    pub fn text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(escape_text(text, false)));
        self
    }

    /// Sets an attribute by qualified name, replacing an earlier value; the
    /// value is escaped.
    pub fn set_attr(&mut self, name: &str, value: &str) {
        let value = escape_text(value, true);
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name.to_string(), value)),
        }
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The child elements, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The namespace declarations made on this element: prefix (empty for
    /// the default namespace) and namespace name.
    fn declarations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().filter_map(|(name, value)| {
            if name == "xmlns" {
                Some(("", value.as_str()))
            } else {
                name.strip_prefix("xmlns:").map(|p| (p, value.as_str()))
            }
        })
    }

    /// Writes the element as XML.
    fn write_to(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(value);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(e) => e.write_to(out),
                Node::Text(t) | Node::Raw(t) => out.push_str(t),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }

    /// The part as bytes, with an XML declaration.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out =
            String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
        self.write_to(&mut out);
        out.into_bytes()
    }
}

/// Escapes markup characters, and the white space a reader would
/// normalize away: carriage returns, and in attribute values tabs and
/// line feeds too.
fn escape_text(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Parses a part into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        let node = match event {
            Event::Start(start) => {
                stack.push(start_element(&start)?);
                continue;
            }
            Event::Empty(start) => Node::Element(start_element(&start)?),
            Event::End(_) => match stack.pop() {
                Some(element) => Node::Element(element),
                None => return Err("unbalanced end tag".into()),
            },
            Event::Text(text) => Node::Text(text.to_string()),
            Event::GeneralRef(name) => Node::Text(format!("&{};", &*name)),
            Event::CData(data) => Node::Raw(format!("<![CDATA[{}]]>", &*data)),
            Event::Comment(text) => Node::Raw(format!("<!--{}-->", &*text)),
            Event::PI(pi) => Node::Raw(format!("<?{}?>", &*pi)),
            Event::Decl(_) => continue,
            Event::DocType(_) => return Err("a document type declaration is not allowed".into()),
            Event::Eof => break,
        };
        match (stack.last_mut(), node) {
            (Some(parent), node) => parent.children.push(node),
            (None, Node::Element(element)) if root.is_none() => root = Some(element),
            (None, Node::Text(t)) if t.trim().is_empty() => {}
            (None, Node::Raw(_)) => {}
            (None, _) => return Err("content outside the root element".into()),
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    root.ok_or_else(|| "no root element".into())
}

fn start_element(start: &BytesStart<'_>) -> Result<Element, XmlError> {
    let mut element = Element::new(start.name().as_ref());
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        element
            .attrs
            .push((attr.key.as_ref().to_string(), attr.value.into_owned()));
    }
    Ok(element)
}

/// An expanded name: namespace name and local name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    /// Namespace name; empty for none.
    pub ns: &'a str,
    /// Local name.
    pub local: &'a str,
}

impl Name<'_> {
    /// Whether this is `local` in namespace `ns`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// The namespace declarations in scope at an element (those of its
/// ancestors), innermost last.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    frames: Vec<Vec<(String, String)>>,
}

impl Scope {
    /// The scope of the children of `element`.
    pub fn enter(&self, element: &Element) -> Scope {
        let mut inner = self.clone();
        inner.frames.push(
            element
                .declarations()
                .map(|(p, n)| (p.to_string(), n.to_string()))
                .collect(),
        );
        inner
    }

    /// The namespace bound to `prefix` on `element`, in this scope.
    fn lookup<'s>(&'s self, element: &'s Element, prefix: &str) -> Option<&'s str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        element
            .declarations()
            .find(|(p, _)| *p == prefix)
            .map(|(_, ns)| ns)
            .or_else(|| {
                self.frames
                    .iter()
                    .rev()
                    .flat_map(|f| f.iter().rev())
                    .find(|(p, _)| p == prefix)
                    .map(|(_, ns)| ns.as_str())
            })
    }

    /// The expanded name of an element in this scope, taking its own
    /// declarations into account.
    pub fn name<'s>(&'s self, element: &'s Element) -> Name<'s> {
        let (prefix, local) = split(&element.name);
        Name {
            ns: self.lookup(element, prefix).unwrap_or(""),
            local,
        }
    }

    /// The value of an attribute of `element` given by expanded name, still
    /// escaped.
    pub fn attr<'e>(&self, element: &'e Element, ns: &str, local: &str) -> Option<&'e str> {
        element
            .attrs
            .iter()
            .find(|(name, _)| self.attr_is(element, name, ns, local))
            .map(|(_, value)| value.as_str())
    }

    /// Removes the attributes of `element` given by expanded name.
    pub fn remove_attr(&self, element: &mut Element, ns: &str, local: &str) {
        let doomed: Vec<String> = element
            .attrs
            .iter()
            .filter(|(name, _)| self.attr_is(element, name, ns, local))
            .map(|(name, _)| name.clone())
            .collect();
        element.attrs.retain(|(name, _)| !doomed.contains(name));
    }

    /// Whether the attribute `name` of `element` is `local` in namespace
    /// `ns` (unprefixed attributes are in no namespace).
    fn attr_is(&self, element: &Element, name: &str, ns: &str, local: &str) -> bool {
        let (prefix, l) = split(name);
        if l != local || name == "xmlns" || prefix == "xmlns" {
            return false;
        }
        if prefix.is_empty() {
            ns.is_empty()
        } else {
            self.lookup(element, prefix) == Some(ns)
        }
    }

    /// A qualified name for `local` in namespace `ns`, for a new child of
    /// an element whose children have this scope.
    pub fn qualify(&self, ns: &str, local: &str) -> Option<String> {
        self.prefix_for(ns, true).map(|p| {
            if p.is_empty() {
                local.to_string()
            } else {
                format!("{p}:{local}")
            }
        })
    }

    /// A qualified name for the attribute `local` in namespace `ns` of an
    /// element whose children have this scope (an attribute needs a prefix
    /// to be in a namespace).
    pub fn qualify_attr(&self, ns: &str, local: &str) -> Option<String> {
        self.prefix_for(ns, false).map(|p| format!("{p}:{local}"))
    }

    /// The innermost prefix bound to `ns` and not rebound further in.
    fn prefix_for(&self, ns: &str, default_ok: bool) -> Option<&str> {
        let empty = Element::new("");
        self.frames
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .filter(|(p, n)| n == ns && (default_ok || !p.is_empty()))
            .map(|(p, _)| p.as_str())
            .find(|p| self.lookup(&empty, p) == Some(ns))
    }
}

fn split(name: &str) -> (&str, &str) {
    name.split_once(':').unwrap_or(("", name))
}

/// Visits every element depth-first, parents before children, with the
/// scope of its ancestors' namespace declarations.
pub fn visit(
    root: &mut Element,
    f: &mut impl FnMut(&mut Element, &Scope) -> Result<(), XmlError>,
) -> Result<(), XmlError> {
    fn go(
        element: &mut Element,
        scope: &Scope,
        f: &mut impl FnMut(&mut Element, &Scope) -> Result<(), XmlError>,
    ) -> Result<(), XmlError> {
        f(element, scope)?;
        let inner = scope.enter(element);
        element
            .elements_mut()
            .try_for_each(|child| go(child, &inner, f))
    }
    go(root, &Scope::default(), f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_escaping() {
        let src = r#"<?xml version="1.0"?><a:r xmlns:a="urn:a" x="1 &amp; &quot;2&quot;"><a:t>x &lt; y &amp; z</a:t><!-- c --><a:e/></a:r>"#;
        let root = parse(src.as_bytes()).unwrap();
        let out = String::from_utf8(root.to_bytes()).unwrap();
        assert!(out.ends_with(r#"<a:r xmlns:a="urn:a" x="1 &amp; &quot;2&quot;"><a:t>x &lt; y &amp; z</a:t><!-- c --><a:e/></a:r>"#), "{out}");
    }

    #[test]
    fn names_resolve_through_nested_declarations() {
        let src = r#"<p:x xmlns:p="urn:one"><p:y xmlns:p="urn:two" p:k="v"/></p:x>"#;
        let mut root = parse(src.as_bytes()).unwrap();
        let mut seen = Vec::new();
        visit(&mut root, &mut |e, scope| {
            let name = scope.name(e);
            seen.push((
                name.ns.to_string(),
                name.local.to_string(),
                scope.attr(e, "urn:two", "k").map(str::to_string),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                ("urn:one".into(), "x".into(), None),
                ("urn:two".into(), "y".into(), Some("v".into()))
            ]
        );
    }

    #[test]
    fn new_names_use_a_prefix_in_scope() {
        let root = parse(br#"<x xmlns="urn:d"><p:y xmlns:p="urn:p"/></x>"#).unwrap();
        let scope = Scope::default().enter(&root);
        assert_eq!(scope.qualify("urn:d", "a").as_deref(), Some("a"));
        assert_eq!(scope.qualify_attr("urn:d", "a"), None);
        assert_eq!(scope.qualify("urn:p", "a"), None);
        let inner = scope.enter(root.elements().next().unwrap());
        assert_eq!(inner.qualify_attr("urn:p", "a").as_deref(), Some("p:a"));
    }

    #[test]
    fn set_values_are_escaped() {
        let e = Element::new("t").attr("v", "a\"<&>\t\n").text("<&>\r\n");
        let out = String::from_utf8(e.to_bytes()).unwrap();
        assert!(
            out.ends_with("<t v=\"a&quot;&lt;&amp;&gt;&#9;&#10;\">&lt;&amp;&gt;&#13;\n</t>"),
            "{out}"
        );
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
    }
}
