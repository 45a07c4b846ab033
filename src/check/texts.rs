//! Texts: every configured language present and not blank, no characters
//! that cannot be printed or stored, no full-width braces where a
//! placeholder was meant, and every placeholder resolved in every language.

use std::ops::Range;

use toml::Spanned;
use unicode_script::{Script, UnicodeScript};

use super::{Checker, ascii_look_alike, describe_char, is_bidi_control};
use crate::diag::{self, Diagnostic, Severity};
use crate::model::{Text, value_span};
use crate::resolve::Resolver;
use crate::span::SourceFile;

/// Longest text accepted, in characters: far above any real paragraph.
pub const MAX_TEXT_CHARS: usize = 20_000;

impl Checker<'_> {
    /// Every text; returns per language the texts given and missing.
    pub(super) fn texts(&mut self) -> Vec<(String, usize, usize)> {
        let mut coverage: Vec<(String, usize, usize)> =
            self.langs.iter().map(|l| (l.to_string(), 0, 0)).collect();
        for item in self.model.texts() {
            self.text(item.text.text, &mut coverage);
        }
        for (lang, _, missing) in &coverage {
            if *missing > 0 && self.options.may_miss(lang) {
                let report = &self.model.report;
                let configured = report
                    .languages
                    .get_ref()
                    .iter()
                    .find(|l| l.get_ref() == lang)
                    .map_or(report.languages.span(), |l| l.span());
                let are = if *missing == 1 {
                    "text is"
                } else {
                    "texts are"
                };
                self.push(
                    Diagnostic::warning(format!("{missing} `{lang}` {are} missing"))
                        .at(
                            report.file.span(configured),
                            format!("`{lang}` is configured here"),
                        )
                        .with_help(format!("the `{lang}` edition is not built until they are translated; `check` without --allow-missing lists them")),
                );
            }
        }
        coverage
    }

    fn text(&mut self, text: &Text, coverage: &mut [(String, usize, usize)]) {
        let file = &text.file;
        for (lang, value) in &text.values {
            if !self.langs.contains(&lang.get_ref().as_str()) {
                let mut d =
                    Diagnostic::error(format!("`{}` is not a configured language", lang.get_ref()))
                        .at(
                            file.span(lang.span()),
                            format!("configured: {}", self.langs.join(", ")),
                        )
                        .with_related(
                            self.model
                                .report
                                .file
                                .span(self.model.report.languages.span()),
                            "languages are configured here",
                        );
                let skeleton: String = lang
                    .get_ref()
                    .chars()
                    .map(|c| ascii_look_alike(c).unwrap_or_else(|| c.to_string()))
                    .collect();
                if let Some(c) = lang.get_ref().chars().find(|c| !c.is_ascii())
                    && self.langs.contains(&skeleton.as_str())
                {
                    d = d.with_help(format!(
                        "`{}` contains {}: it looks like `{skeleton}`, type that",
                        lang.get_ref(),
                        describe_char(c)
                    ));
                } else if let Some(best) = diag::closest(lang.get_ref(), self.langs.iter().copied())
                {
                    d = d.with_help(format!("did you mean `{best}`?"));
                }
                self.push(d);
                continue;
            }
            let s = value.get_ref();
            if s.trim().is_empty() {
                self.push(
                    Diagnostic::error(format!("blank `{}` text", lang.get_ref()))
                        .at(file.span(value.span()), "nothing but white space"),
                );
                continue;
            }
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.push(
                    Diagnostic::error(format!("text of {chars} characters is too long"))
                        .at(
                            file.span(value.span().start..value.span().start + 1),
                            format!("the limit is {MAX_TEXT_CHARS}"),
                        )
                        .with_help("split it into paragraphs, one block each"),
                );
                continue;
            }
            if let Some(diag) = bad_character(file, value) {
                self.push(diag);
            }
            self.full_width_braces(file, value);
            self.script_slips(file, lang.get_ref(), value);
        }
        self.copied_text(text);
        for (lang, given, missing) in coverage.iter_mut() {
            if text.get(lang).is_some() {
                *given += 1;
                continue;
            }
            *missing += 1;
            let present: Vec<&str> = text
                .values
                .iter()
                .map(|(k, _)| k.get_ref().as_str())
                .collect();
            let label = if present.is_empty() {
                "no languages here".to_string()
            } else {
                format!("has {} only", present.join(", "))
            };
            if !self.options.may_miss(lang) {
                self.push(
                    Diagnostic::error(format!("missing `{lang}` text"))
                        .at(text.whole(), label)
                        .with_help(format!(
                            "every text needs every configured language: {}",
                            self.langs.join(", ")
                        )),
                );
            }
        }
    }

    /// Text in the wrong language: letters of another script than the
    /// language's (Latin excepted: codes and acronyms are Latin in every
    /// edition) and, in a language not written in Latin letters, three
    /// Latin words in a row.
    fn script_slips(&mut self, file: &SourceFile, lang: &str, value: &Spanned<String>) {
        let Some(own) = self
            .locales
            .iter()
            .find(|l| l.code() == lang)
            .and_then(|l| l.script())
        else {
            return;
        };
        let s = value.get_ref();
        let prose = without_placeholders(s);
        let foreign = prose.char_indices().find_map(|(i, c)| {
            letter_script(c)
                .filter(|s| ![own, Script::Latin, Script::Common, Script::Inherited].contains(s))
                .map(|s| (i, s))
        });
        if let Some((i, script)) = foreign {
            let end = prose[i..]
                .char_indices()
                .find(|&(_, c)| letter_script(c) != Some(script))
                .map_or(prose.len(), |(j, _)| i + j);
            self.push(
                Diagnostic::warning(format!(
                    "{} letters in a `{lang}` text: `{}`",
                    script.full_name(),
                    &s[i..end]
                ))
                .at(
                    value_span(file, value, i..end),
                    format!("`{lang}` is written in {} letters", own.full_name()),
                )
                .with_help("is this text under the right language key?"),
            );
            return;
        }
        if own == Script::Latin {
            return;
        }
        if let Some(run) = latin_words(&prose).into_iter().find(|r| r.len() >= 3) {
            let range = run[0].start..run[run.len() - 1].end;
            self.push(
                Diagnostic::warning(format!(
                    "{} Latin words in a row in a `{lang}` text: `{}`",
                    run.len(),
                    &s[range.clone()]
                ))
                .at(value_span(file, value, range), "not translated?")
                .with_help(format!(
                    "`{lang}` is written in {} letters; codes and acronyms may stay Latin",
                    own.full_name()
                )),
            );
        }
    }

    /// A text the same as another language's, of three words or more: a
    /// copy left where a translation belongs.
    fn copied_text(&mut self, text: &Text) {
        for (i, (lang, value)) in text.values.iter().enumerate() {
            let copied_from = text.values[..i]
                .iter()
                .find(|(_, other)| other.get_ref() == value.get_ref());
            let words = without_placeholders(value.get_ref())
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            if let Some((from, _)) = copied_from
                && words >= 3
                && self.langs.contains(&lang.get_ref().as_str())
            {
                self.push(
                    Diagnostic::warning(format!(
                        "the `{}` text is the same as the `{}` text",
                        lang.get_ref(),
                        from.get_ref()
                    ))
                    .at(text.file.span(value.span()), "a copy, not a translation?")
                    .with_help(format!(
                        "translate it; while a translation is under way, leave the text out and run `check --allow-missing {}`",
                        lang.get_ref()
                    )),
                );
            }
        }
    }

    /// `｛name｝` typed on a Chinese keyboard where `{name}` was meant.
    fn full_width_braces(&mut self, file: &SourceFile, value: &Spanned<String>) {
        let s = value.get_ref();
        for (i, _) in s.match_indices('｛') {
            let rest = &s[i + '｛'.len_utf8()..];
            let Some(close) = rest.find(['｝', '}']) else {
                continue;
            };
            let inner = &rest[..close];
            let looks_like = !inner.is_empty()
                && inner.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '_' | '-' | '/' | '.' | ':' | '：' | '．')
                });
            if !looks_like {
                continue;
            }
            let end = i
                + '｛'.len_utf8()
                + close
                + rest[close..].chars().next().map_or(1, char::len_utf8);
            let fixed: String = inner.replace('：', ":").replace('．', ".");
            self.push(
                Diagnostic::error(format!(
                    "full-width braces around `{inner}`: a placeholder needs ASCII braces"
                ))
                .at(
                    value_span(file, value, i..end),
                    "｛ ｝ are printed as they are",
                )
                .with_help(format!(
                    "write {{{fixed}}} (switch the keyboard to half-width for braces)"
                )),
            );
        }
    }

    /// Every placeholder of every text resolves in every language; every
    /// locale names the original language.
    pub(super) fn placeholders(&mut self) {
        let model = self.model;
        let texts = model.texts();
        for locale in self.locales {
            let resolver = Resolver { model, locale };
            let lang = locale.code();
            for item in &texts {
                if item.text.text.get(lang).is_some()
                    && let Err(diags) = resolver.text(item.text)
                {
                    self.diags.extend(diags);
                }
            }
            let meta = &model.report.meta;
            let original = meta.original.get_ref();
            if !locale.value.language_names.contains_key(original)
                && self.langs.contains(&original.as_str())
            {
                self.push(
                    Diagnostic::error(format!(
                        "the `{lang}` locale has no name for the original language `{original}`"
                    ))
                    .at(
                        model.report.file.span(meta.original.span()),
                        "original language",
                    )
                    .with_help(format!(
                        "add {original} = \"…\" to [language_names] in {}",
                        locale.file.path().display()
                    )),
                );
            }
        }
    }

    /// Drops the errors of missing texts in languages allowed to be
    /// incomplete: those stay errors only where the text is given; missing
    /// ones were counted.
    pub(super) fn allowed_missing(&mut self) {
        let options = self.options;
        let langs = self.langs;
        self.diags.retain(|d| {
            d.severity == Severity::Warning
                || !langs.iter().any(|l| {
                    options.may_miss(l) && d.message.contains(&format!("missing `{l}` text"))
                })
        });
    }
}

/// `s` with its placeholders (`{name}`, `{x.y:words}`) blanked out byte for
/// byte, so that offsets still match; inline markup (`{**bold**}`) stays,
/// its words are prose.
fn without_placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        match close {
            Some(close) if after.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                out.extend(std::iter::repeat_n(' ', close + 2));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A character's script: the Unicode table's answer, with ASCII and the
/// CJK Unified Ideographs (most of what the checks read) answered without
/// its binary search.
fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '\0'..='\x7f' => Script::Common,
        '\u{4e00}'..='\u{9fff}' => Script::Han,
        _ => c.script(),
    }
}

/// The script of a letter, `None` for any other character. (Rust's
/// `is_alphabetic` answers ASCII without its table; the CJK Unified
/// Ideographs are all letters.)
fn letter_script(c: char) -> Option<Script> {
    let letter = ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_alphabetic();
    letter.then(|| script_of(c))
}

/// Runs of consecutive Latin words (two letters or more, separated by
/// spaces or commas), as byte ranges.
fn latin_words(s: &str) -> Vec<Vec<Range<usize>>> {
    let mut runs: Vec<Vec<Range<usize>>> = vec![Vec::new()];
    let mut at = 0;
    for token in s.split_inclusive([' ', ',', '\u{a0}']) {
        let start = at;
        at += token.len();
        let word = token.trim_end_matches([' ', ',', '\u{a0}']);
        let trimmed = word.trim_matches(|c: char| "()[];:.«»“”\"'".contains(c));
        let lead = word.len()
            - word
                .trim_start_matches(|c: char| "()[];:.«»“”\"'".contains(c))
                .len();
        let latin =
            trimmed.chars().count() >= 2 && trimmed.chars().all(|c| script_of(c) == Script::Latin);
        if latin {
            runs.last_mut()
                .expect("one run")
                .push(start + lead..start + lead + trimmed.len());
        } else if !runs.last().expect("one run").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// The first character of a text that cannot be printed or stored: control
/// characters (XML cannot carry most of them), bidirectional controls (they
/// reorder what readers see), non-characters, and combining marks with no
/// base character.
fn bad_character(file: &SourceFile, value: &Spanned<String>) -> Option<Diagnostic> {
    let s = value.get_ref();
    let mut previous: Option<char> = None;
    for (i, c) in s.char_indices() {
        let problem = if c.is_control() {
            Some((
                "control character",
                "texts are single paragraphs of printable text",
            ))
        } else if is_bidi_control(c) {
            Some((
                "bidirectional control character",
                "it changes the order in which text is displayed",
            ))
        } else if matches!(u32::from(c), 0xFDD0..=0xFDEF) || (u32::from(c) & 0xFFFE) == 0xFFFE {
            Some(("non-character", "it is not allowed in documents"))
        } else if unicode_normalization::char::is_combining_mark(c)
            && previous.is_none_or(|p| p.is_whitespace() || p.is_control())
        {
            Some((
                "combining mark without a base character",
                "it has nothing to combine with",
            ))
        } else {
            None
        };
        if let Some((what, why)) = problem {
            let help = if c == '\n' || c == '\r' {
                "write one paragraph per block; a TOML line-ending backslash joins lines of a \"\"\" string"
            } else {
                "remove it"
            };
            return Some(
                Diagnostic::error(format!("{what} {} in text", describe_char(c)))
                    .at(value_span(file, value, i..i + c.len_utf8()), why)
                    .with_help(help),
            );
        }
        previous = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_scripts_are_the_tables() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(script_of(c), c.script(), "{c:?}");
            assert_eq!(
                letter_script(c),
                c.is_alphabetic().then(|| c.script()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn bad_characters_are_found() {
        let check = |s: &str| {
            let src = format!("x = \"{s}\"");
            let file = SourceFile::new("a.toml", src.clone());
            let value = Spanned::new(
                4..src.len(),
                toml::from_str::<toml::Table>(&src).unwrap()["x"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
            bad_character(&file, &value).map(|d| d.message)
        };
        assert_eq!(check("plain 文本"), None);
        assert!(check("a\\u0000b").unwrap().starts_with("control character"));
        assert!(check("a\\u202Eb").unwrap().starts_with("bidirectional"));
        assert!(check("\\u0301a").unwrap().starts_with("combining mark"));
        assert_eq!(check("e\\u0301"), None);
        assert!(check("\\uFFFF").unwrap().starts_with("non-character"));
    }
}
