//! Property: any legal string placed in any text field comes out literally
//! in the PDF text and in the DOCX text of its edition.
//!
//! Legal means what `check` accepts and the pinned fonts can print: no
//! control or bidirectional characters, no combining marks, braces only as
//! `{{`/`}}`. The strings mix ASCII (Typst and XML syntax included), Latin,
//! Greek, Cyrillic, Chinese and punctuation. Each case builds all four
//! files, so the number of cases is small; set PROPTEST_CASES for more.

mod common;

use common::ooxml::{Package, W};
use common::{Fixture, build, pdf_text, squash};
use proptest::prelude::*;

/// A text field: the file, the key line's start (unique in the file), and
/// the edition it is checked in.
struct Field {
    file: &'static str,
    line: &'static str,
    letter: &'static str,
}

const FIELDS: [Field; 14] = [
    Field {
        file: "sources/regions.toml",
        line: "name.en = \"Africa\"",
        letter: "E",
    },
    Field {
        file: "sources/initiatives.toml",
        line: "title.en = \"Digital infrastructure development\"",
        letter: "E",
    },
    Field {
        file: "sources/questions.toml",
        line: "origin.en = \"Continuation of Question 1/1, with new topics added\"",
        letter: "E",
    },
    Field {
        file: "sources/kap.toml",
        line: "title.en = \"Member-driven\"",
        letter: "E",
    },
    Field {
        file: "sources/sections/2-analysis-of-outcomes.toml",
        line: "lead.en = \"Regional initiatives:\"",
        letter: "E",
    },
    Field {
        file: "sources/sections/3-kigali-action-plan.toml",
        line: "text.en = \"ITU-D priorities\"",
        letter: "E",
    },
    Field {
        file: "sources/report.toml",
        line: "text.en = \"Final Report of WTDC-22\"",
        letter: "E",
    },
    Field {
        file: "sources/report.toml",
        line: "title.en = \"Report on the outcomes of WTDC-22\"",
        letter: "E",
    },
    Field {
        file: "sources/sections/1-introduction.toml",
        line: "title.en = \"Introduction\"",
        letter: "E",
    },
    Field {
        file: "sources/regions.toml",
        line: "name.zh = \"非洲\"",
        letter: "C",
    },
    Field {
        file: "sources/initiatives.toml",
        line: "title.zh = \"数字基础设施发展\"",
        letter: "C",
    },
    Field {
        file: "sources/kap.toml",
        line: "title.zh = \"成员驱动\"",
        letter: "C",
    },
    Field {
        file: "sources/report.toml",
        line: "text.zh = \"WTDC-22最后报告\"",
        letter: "C",
    },
    Field {
        file: "sources/sections/6-resolutions.toml",
        line: "title.zh = \"WTDC-22决议\"",
        letter: "C",
    },
];

/// Characters the strings are made of.
fn alphabet() -> Vec<char> {
    let mut chars: Vec<char> = (' '..='~').filter(|c| !matches!(c, '{' | '}')).collect();
    chars.extend("àéèêëïñóöüßøåçÀÉÑÜŒœ€£¥©®°±×÷§¶…–—‘’“”«»".chars());
    chars.extend("αβγδΩπσЖжщЯяБ".chars());
    chars.extend(
        "国际电信联盟发展部门区域性举措研究课题决议数字化转型连接《》（）、。，：；！？".chars(),
    );
    chars
}

fn legal_text() -> impl Strategy<Value = String> {
    let chars = alphabet();
    proptest::collection::vec(proptest::sample::select(chars), 1..40)
        .prop_map(|v| v.into_iter().collect::<String>())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Squashed text of the PDF and the DOCX body of an edition.
fn texts(f: &Fixture, letter: &str) -> (String, String) {
    let pdf = squash(&pdf_text(
        &f.path().join(format!("out/TDAG-23-XX-{letter}.pdf")),
    ));
    let bytes = std::fs::read(f.path().join(format!("out/TDAG-23-XX-{letter}.docx"))).unwrap();
    let body = Package::open(&bytes).xml("word/document.xml");
    let docx = body
        .all(W, "p")
        .iter()
        .map(|p| squash(&p.para_text()))
        .collect();
    (pdf, docx)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_string_in_any_text_field_comes_out_literally(
        choices in proptest::collection::vec((0..FIELDS.len(), legal_text()), 1..5),
        braces in any::<bool>(),
    ) {
        let f = Fixture::new();
        let mut placed: Vec<(&Field, String)> = Vec::new();
        for (i, text) in choices {
            let field = &FIELDS[i];
            if placed.iter().any(|(p, _)| std::ptr::eq(*p, field)) {
                continue;
            }
            // With `braces`, literal braces written as {{ and }}.
            let (written, shown) = if braces {
                (format!("{{{{{text}}}}}"), format!("{{{text}}}"))
            } else {
                (text.clone(), text)
            };
            let key = field.line.split(" = ").next().unwrap();
            f.edit(field.file, field.line, &format!("{key} = {}", toml_string(&written)));
            placed.push((field, shown));
        }
        let (code, stderr) = build(&f, "out", &[]);
        prop_assert_eq!(code, 0, "{}", stderr);
        for letter in ["C", "E"] {
            let (pdf, docx) = texts(&f, letter);
            for (field, shown) in placed.iter().filter(|(p, _)| p.letter == letter) {
                let needle = squash(shown);
                prop_assert!(pdf.contains(&needle), "PDF {} lacks {:?} from {}", letter, shown, field.file);
                prop_assert!(docx.contains(&needle), "DOCX {} lacks {:?} from {}", letter, shown, field.file);
            }
        }
    }
}
