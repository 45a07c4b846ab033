//! `tdag-report fonts`: the fonts in use, where they come from, and which
//! scripts they cover.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use clap::Args;
use unicode_script::{Script, UnicodeScript};

use super::build::FontArgs;
use crate::typeset::FontSet;
use crate::typeset::fonts::display_origin;

/// Options of `fonts`.
#[derive(Debug, Args)]
pub struct FontsArgs {
    /// Inputs and diagnostics: the global options, filled in by [`super::run`].
    #[arg(skip)]
    pub input: super::InputArgs,
    /// Fonts besides the pinned ones.
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// Characters of each script a font covers, largest first; common and
/// inherited characters (digits, punctuation, marks) are not a script.
pub fn scripts(coverage: impl Iterator<Item = u32>) -> Vec<(Script, usize)> {
    let mut counts: BTreeMap<&'static str, (Script, usize)> = BTreeMap::new();
    for c in coverage.filter_map(char::from_u32) {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        counts.entry(script.full_name()).or_insert((script, 0)).1 += 1;
    }
    let mut counts: Vec<(Script, usize)> = counts.into_values().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.full_name().cmp(b.0.full_name())));
    counts
}

/// One line per font: family and style, origin, scripts.
pub fn listing(fonts: &FontSet) -> String {
    let mut out = String::new();
    for (info, origin) in fonts.list() {
        let variant = &info.variant;
        let scripts: Vec<String> = scripts(info.coverage.iter())
            .into_iter()
            .map(|(script, n)| format!("{} {n}", script.full_name()))
            .collect();
        let _ = writeln!(
            out,
            "{} ({}, weight {})\n    from {}\n    covers {}",
            info.family,
            format!("{:?}", variant.style).to_lowercase(),
            variant.weight.to_number(),
            display_origin(origin),
            if scripts.is_empty() {
                "no script letters".to_string()
            } else {
                scripts.join(", ")
            }
        );
    }
    out
}

/// Prints the fonts.
pub fn run(args: &FontsArgs) -> u8 {
    let paths = args.input.paths();
    super::print_out(&listing(&FontSet::new(&args.fonts.options(&paths))));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_counted_without_common_characters() {
        let counts = scripts("Aa1,非洲 Б".chars().map(u32::from));
        let names: Vec<(&str, usize)> = counts.iter().map(|(s, n)| (s.full_name(), *n)).collect();
        assert_eq!(names, vec![("Han", 2), ("Latin", 2), ("Cyrillic", 1)]);
    }
}
