//! Facts typed by hand: prose that writes a work cycle (`2023-2025`) or a
//! name (`Africa`) that a record holds, where a placeholder would follow
//! the record when it changes. Each is a warning with the placeholder to
//! write instead.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Checker;
use crate::diag::Diagnostic;
use crate::model::{Text, TextRef};
use crate::resolve::Resolver;

/// The kinds whose names prose should not type.
const NAMED: [&str; 2] = ["region", "study_group"];

impl Checker<'_> {
    /// Warns where prose types a work cycle or a name that a record holds.
    pub(super) fn derived_facts(&mut self) {
        let model = self.model;
        let mut cycles: BTreeMap<(i64, i64), Vec<String>> = BTreeMap::new();
        for output in model.of_kind("output") {
            if let (Some(start), Some(end)) = (output.int("start"), output.int("end")) {
                let id = output.id.get_ref();
                cycles
                    .entry((start, end))
                    .or_default()
                    .push(format!("{{output.{id}.start}}-{{output.{id}.end}}"));
            }
        }
        let mut names: Vec<(String, String, String)> = Vec::new();
        for locale in self.locales {
            let resolver = Resolver { model, locale };
            for kind in NAMED {
                for record in model.of_kind(kind) {
                    let label = record.kind.label;
                    let Some(text) = record.text(label) else {
                        continue;
                    };
                    if let Ok(name) = resolver.plain(TextRef {
                        text,
                        scope: Some(record),
                    }) {
                        let min = if name
                            .chars()
                            .any(|c| c.is_alphabetic() && !c.is_ascii() && c as u32 > 0x2E80)
                        {
                            2
                        } else {
                            3
                        };
                        if name.chars().count() >= min {
                            let placeholder = format!("{{{kind}.{}.{label}}}", record.id.get_ref());
                            names.push((locale.code().to_string(), name, placeholder));
                        }
                    }
                }
            }
        }
        for item in model.texts() {
            let prose = item.text.scope.is_none_or(|r| r.kind.name == "figure");
            self.cycles_in(item.text.text, &cycles);
            if prose {
                self.names_in(item.text.text, &names);
            }
        }
    }

    fn cycles_in(&mut self, text: &Text, cycles: &BTreeMap<(i64, i64), Vec<String>>) {
        for (lang, value) in &text.values {
            let s = value.get_ref();
            for (range, start, end) in year_ranges(s) {
                let Some(placeholders) = cycles.get(&(start, end)) else {
                    continue;
                };
                self.diags.push(
                    Diagnostic::warning(format!(
                        "`{}` is typed by hand, and a record holds it",
                        &s[range.clone()]
                    ))
                    .at(
                        text.span_in(lang.get_ref(), range),
                        "the work cycle of an output",
                    )
                    .with_help(format!(
                        "write {} so that the text follows the record",
                        placeholders.join(" or ")
                    )),
                );
            }
        }
    }

    fn names_in(&mut self, text: &Text, names: &[(String, String, String)]) {
        for (lang, value) in &text.values {
            let s = value.get_ref();
            let outside = outside_braces(s);
            for (name_lang, name, placeholder) in names {
                if name_lang != lang.get_ref() {
                    continue;
                }
                for (at, _) in s.match_indices(name.as_str()) {
                    let range = at..at + name.len();
                    if !outside(&range) || !word_bounded(s, &range) {
                        continue;
                    }
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "`{name}` is typed by hand, and a record holds it"
                        ))
                        .at(text.span_in(lang.get_ref(), range), "a record's name")
                        .with_help(format!(
                            "write {placeholder} so that the text follows the record"
                        )),
                    );
                }
            }
        }
    }
}

/// Whether a byte range of `s` lies outside every `{…}`.
fn outside_braces(s: &str) -> impl Fn(&Range<usize>) -> bool + '_ {
    let mut inside = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut open = None;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 1,
            b'}' if bytes.get(i + 1) == Some(&b'}') && open.is_none() => i += 1,
            b'{' => open = open.or(Some(i)),
            b'}' => {
                if let Some(start) = open.take() {
                    inside.push(start..i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    move |r: &Range<usize>| !inside.iter().any(|b| b.start < r.end && r.start < b.end)
}

/// Whether a match stands as a word: for letters and digits, no letter or
/// digit right before or after it (Chinese has no word boundaries).
fn word_bounded(s: &str, r: &Range<usize>) -> bool {
    let alnum = |c: char| c.is_alphanumeric() && (c as u32) < 0x2E80;
    let before = s[..r.start].chars().next_back();
    let after = s[r.end..].chars().next();
    let first = s[r.clone()].chars().next();
    let last = s[r.clone()].chars().next_back();
    let joined_before = before.is_some_and(alnum) && first.is_some_and(alnum);
    let joined_after = after.is_some_and(alnum) && last.is_some_and(alnum);
    !joined_before && !joined_after
}

/// `2023-2025` and `2023–2025` outside placeholders: range, first year, last year.
fn year_ranges(s: &str) -> Vec<(Range<usize>, i64, i64)> {
    let outside = outside_braces(s);
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let year_at = |i: usize| -> Option<i64> {
        let digits = s.get(i..i + 4)?;
        let not_digit = |j: Option<&u8>| !j.is_some_and(u8::is_ascii_digit);
        (digits.bytes().all(|b| b.is_ascii_digit())
            && not_digit(i.checked_sub(1).and_then(|j| bytes.get(j)))
            && not_digit(bytes.get(i + 4)))
        .then(|| digits.parse().ok())
        .flatten()
    };
    let mut i = 0;
    while i + 4 <= s.len() {
        if let Some(first) = year_at(i) {
            let rest = &s[i + 4..];
            let dash = ["-", "–", "—"]
                .iter()
                .find(|d| rest.starts_with(**d))
                .map(|d| d.len());
            if let Some(dash) = dash
                && let Some(last) = year_at(i + 4 + dash)
            {
                let range = i..i + 8 + dash;
                if outside(&range) && (2000..=2100).contains(&first) && first < last {
                    out.push((range, first, last));
                }
                i += 8 + dash;
                continue;
            }
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges_outside_placeholders() {
        let found: Vec<(i64, i64)> =
            year_ranges("for 2023-2025, 2022–2027 and {x.2023-2024} 12023-2025")
                .into_iter()
                .map(|(_, a, b)| (a, b))
                .collect();
        assert_eq!(found, vec![(2023, 2025), (2022, 2027)]);
        let (range, ..) = year_ranges("用于2023-2025年")[0].clone();
        assert_eq!(&"用于2023-2025年"[range], "2023-2025");
    }

    #[test]
    fn names_stand_as_words() {
        let s = "Africa and Africans";
        assert!(word_bounded(s, &(0..6)));
        assert!(!word_bounded(s, &(11..17)));
        assert!(word_bounded("非洲和欧洲", &(0..6)));
    }
}
