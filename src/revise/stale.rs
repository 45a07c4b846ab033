//! Stale translations: texts whose original-language version (`meta.original`)
//! changed since a baseline while a translation of them did not. Texts are
//! matched by their stable id ([`Model::texts`]); a text new since the
//! baseline, or a translation added or edited since, is not stale.

use std::collections::HashMap;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::model::{Model, TextItem};

/// A text whose original changed while some of its translations did not.
#[derive(Clone, Debug)]
pub struct Stale<'a> {
    /// The text, in the current model.
    pub item: TextItem<'a>,
    /// The languages left behind, in the order the text gives them.
    pub langs: Vec<String>,
    /// The original as it was in the baseline.
    pub before: String,
}

/// Every text of `current` whose `original`-language string differs from
/// the baseline's while the string of another language is the same.
pub fn stale<'a>(base: &Model, current: &'a Model) -> Vec<Stale<'a>> {
    let original = current.report.meta.original.get_ref().as_str();
    let old: HashMap<String, TextItem<'_>> = base
        .texts()
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    current
        .texts()
        .into_iter()
        .filter_map(|item| {
            let was = &old.get(&item.id)?.text.text;
            let now = item.text.text;
            let before = was.get(original)?;
            if now.get(original)? == before {
                return None;
            }
            let langs: Vec<String> = now
                .values
                .iter()
                .map(|(lang, value)| (lang.get_ref(), value.get_ref()))
                .filter(|(lang, value)| *lang != original && was.get(lang) == Some(value.as_str()))
                .map(|(lang, _)| lang.clone())
                .collect();
            (!langs.is_empty()).then(|| Stale {
                item,
                langs,
                before: before.to_string(),
            })
        })
        .collect()
}

/// One warning per stale text, at the language key of its first stale
/// translation, with the others as further places.
pub fn warnings(found: &[Stale<'_>], original: &str, reference: &str) -> Diagnostics {
    found
        .iter()
        .filter_map(|s| {
            let text = s.item.text.text;
            let at = |lang: &str| {
                text.values
                    .iter()
                    .find(|(l, _)| l.get_ref() == lang)
                    .map(|(l, _)| text.file.span(l.span()))
            };
            let (first, rest) = s.langs.split_first()?;
            let langs: Vec<&str> = s.langs.iter().map(String::as_str).collect();
            let mut d = Diagnostic::warning(format!(
                "{} may be out of date: the `{original}` text of `{}` changed since {reference}",
                diag::list(&langs),
                s.item.id
            ))
            .at(at(first)?, format!("unchanged since {reference}"));
            for lang in rest {
                if let Some(span) = at(lang) {
                    d = d.with_related(span, "unchanged");
                }
            }
            Some(d.with_help(format!(
                "update the translations, or send them to the translators: tdag-report translate export --to {first} --changed-since {reference}"
            )))
        })
        .collect()
}

/// The warnings for the texts of `current` stale since the baseline
/// `reference`; the baseline's errors if it cannot be loaded.
#[cfg(feature = "render")]
pub fn since(
    paths: &crate::project::Paths,
    current: &Model,
    reference: &str,
) -> Result<Diagnostics, Diagnostics> {
    let base = super::baseline::load(paths, reference)?;
    let found = stale(&base.project.model, current);
    let mut out = base.warnings.clone();
    out.extend(warnings(
        &found,
        current.report.meta.original.get_ref(),
        reference,
    ));
    Ok(out)
}
