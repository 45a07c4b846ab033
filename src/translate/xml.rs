//! A small XML tree with the byte span of every element, attribute value
//! and text, read with quick-xml, so that every problem found in an XLIFF
//! file can point at its line and column; and the escaping of text and
//! attribute values for writing one.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diag::Diagnostic;
use crate::span::SourceFile;

/// An element: its local name (prefix dropped), attributes, content.
#[derive(Clone, Debug)]
pub struct Element {
    /// Local name, e.g. `trans-unit`.
    pub name: String,
    /// Attributes as written (`xml:lang` keeps its prefix).
    pub attrs: Vec<Attr>,
    /// Elements and texts, in order.
    pub children: Vec<Node>,
    /// The start tag.
    pub tag: Range<usize>,
    /// The content between the start and end tags (empty for `<x/>`).
    pub inner: Range<usize>,
    /// The whole element, from its start tag to its end tag.
    pub span: Range<usize>,
}

/// An attribute with the span of its value.
#[derive(Clone, Debug)]
pub struct Attr {
    /// Name as written.
    pub name: String,
    /// Value, entities resolved.
    pub value: String,
    /// The value between its quotes.
    pub span: Range<usize>,
}

/// A child of an element.
#[derive(Clone, Debug)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text, entities resolved, CDATA included.
    Text(String, Range<usize>),
}

impl Element {
    /// An attribute by name.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(..) => None,
        })
    }

    /// The first child element of a name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All text inside, elements' text included.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t, _) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// Escapes element content: `&`, `<`, `>`.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    quick_xml::escape::partial_escape(s)
}

/// Escapes an attribute value: also both quotes.
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// Parses a whole document into its root element.
pub fn parse(file: &SourceFile) -> Result<Element, Diagnostic> {
    let text = file.text();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let malformed = |at: Range<usize>, what: String| {
        let end = (at.end.max(at.start + 1)..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(at.start);
        Diagnostic::error(format!("malformed XML: {what}"))
            .at(file.span(at.start..end), "here")
            .with_help("the file must be XML as the translation tool saves it; export it again from the tool, or from tdag-report")
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(0);
            malformed(at..at, e.to_string())
        })?;
        let end = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match event {
            Event::Start(tag) => stack.push(element(file, &tag, start..end)?),
            Event::Empty(tag) => {
                let e = element(file, &tag, start..end)?;
                close(e, &mut stack, &mut root);
            }
            Event::End(_) => {
                if let Some(mut e) = stack.pop() {
                    e.inner = e.tag.end..start;
                    e.span = e.tag.start..end;
                    close(e, &mut stack, &mut root);
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content(), start..end),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content(), start..end),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(String::from),
                    Err(_) => None,
                };
                let Some(resolved) = resolved else {
                    return Err(malformed(start..end, format!("unknown entity `&{};`", &*r)));
                };
                push_text(&mut stack, &resolved, start..end);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.pop() {
        return Err(malformed(
            open.tag.clone(),
            format!("`<{}>` is never closed", open.name),
        ));
    }
    root.ok_or_else(|| malformed(0..0, "no root element".into()))
}

/// Ends an element: into its parent, or as the root.
fn close(e: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(e)),
        None => *root = Some(e),
    }
}

/// Adds text to the open element, merged with text just before it.
fn push_text(stack: &mut [Element], s: &str, span: Range<usize>) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    match parent.children.last_mut() {
        Some(Node::Text(t, range)) if range.end == span.start => {
            t.push_str(s);
            range.end = span.end;
        }
        _ => parent.children.push(Node::Text(s.to_string(), span)),
    }
}

/// An element from its start tag at `tag`, with the spans of its
/// attribute values found in the tag's text, in order.
fn element(
    file: &SourceFile,
    start: &BytesStart<'_>,
    tag: Range<usize>,
) -> Result<Element, Diagnostic> {
    let raw = &file.text()[tag.clone()];
    let mut attrs = Vec::new();
    let mut from = 0;
    for attr in start.attributes() {
        let bad = |what: String| {
            Diagnostic::error(format!("malformed XML: {what}"))
                .at(file.span(tag.clone()), "in this tag")
        };
        let attr = attr.map_err(|e| bad(e.to_string()))?;
        let name = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| bad(e.to_string()))?;
        let span = value_span(raw, &name, from).map_or(tag.clone(), |r| {
            from = r.end;
            tag.start + r.start..tag.start + r.end
        });
        attrs.push(Attr {
            name,
            value: value.into_owned(),
            span,
        });
    }
    Ok(Element {
        name: start.local_name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        inner: tag.end..tag.end,
        span: tag.clone(),
        tag,
    })
}

/// Where the value of attribute `name` is in a tag's text, searching from
/// `from`: between the quotes after `name =`.
fn value_span(raw: &str, name: &str, from: usize) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(i) = raw[at..].find(name) {
        let key_start = at + i;
        let after = key_start + name.len();
        let before_ok = raw[..key_start].ends_with(char::is_whitespace);
        let rest = raw[after..].trim_start();
        if before_ok && let Some(rest) = rest.strip_prefix('=') {
            let rest_trim = rest.trim_start();
            let quote_at = raw.len() - rest_trim.len();
            let quote = rest_trim.chars().next()?;
            let close = raw[quote_at + 1..].find(quote)?;
            return Some(quote_at + 1..quote_at + 1 + close);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> (SourceFile, Result<Element, Diagnostic>) {
        let file = SourceFile::new("t.xlf", s.into());
        let root = parse(&file);
        (file, root)
    }

    #[test]
    fn spans_point_at_values_and_texts() {
        let (file, root) = doc("<a x=\"1\" xml:lang='fr'>t &amp; &#x41;<b/><![CDATA[<c>]]></a>");
        let root = root.unwrap();
        assert_eq!(root.name, "a");
        let lang = root.attr("xml:lang").unwrap();
        assert_eq!(&file.text()[lang.span.clone()], "fr");
        assert_eq!(root.text(), "t & A<c>");
        assert_eq!(
            &file.text()[root.inner.clone()],
            "t &amp; &#x41;<b/><![CDATA[<c>]]>"
        );
    }

    #[test]
    fn malformed_xml_is_located() {
        let (file, root) = doc("<a>\n  <b></c>\n</a>");
        let err = root.unwrap_err();
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
        let (span, _) = err.span.unwrap();
        assert_eq!(file.line_col(span.range.start).0, 2);
        let (_, root) = doc("<a>&nbsp;</a>");
        assert!(root.unwrap_err().message.contains("`&nbsp;`"));
        let (_, root) = doc("<a><b>");
        assert!(root.unwrap_err().message.contains("never closed"));
    }
}
