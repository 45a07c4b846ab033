//! A small document with every kind of block, for the unit tests.

use crate::doc::{Block, Column, Doc, Drawing, Figure, Lang, Meta, Part, Row, Table};
use crate::figures::FigureImage;
use crate::locale::{PdfFont, TypstLang, WordScript};

/// A 1×1 PNG picture.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The sample document, in Chinese.
pub fn doc() -> Doc {
    let para = |text: &str| Block::Para {
        number: None,
        lead: None,
        text: text.into(),
    };
    Doc {
        lang: Lang {
            code: "zh".into(),
            tag: "zh-CN".into(),
            letter: "C".into(),
            word_script: WordScript::EastAsian,
            typst: TypstLang {
                lang: "zh".into(),
                region: Some("CN".into()),
                dir: "ltr".into(),
                justify: true,
            },
            fonts: vec![PdfFont {
                name: "Noto Serif CJK SC".into(),
                covers: None,
            }],
            docx_latin: "Times New Roman".into(),
            docx_east_asia: "SimSun".into(),
            page_before: "- ".into(),
            page_after: " -".into(),
        },
        meta: Meta {
            group: "电信发展顾问组（TDAG）".into(),
            meeting: "第30次会议".into(),
            number: "TDAG-23/XX-C".into(),
            document: "文件 TDAG-23/XX-C".into(),
            date: "2023年4月28日".into(),
            date_iso: "2023-04-28".into(),
            original: "原文：英文".into(),
            source_label: "来源：".into(),
            source: "电信发展局主任".into(),
            title_label: "标题：".into(),
            title: "WTDC-22成果报告 <&> \"'".into(),
            author: "电信发展局主任".into(),
        },
        front: vec![
            Part {
                label: "摘要：".into(),
                blocks: vec![para("摘要 & <b>粗体</b>")],
            },
            Part {
                label: "参考文献：".into(),
                blocks: vec![para("")],
            },
        ],
        body: vec![
            Block::Heading {
                level: 1,
                number: Some("1".into()),
                text: "引言".into(),
            },
            Block::Para {
                number: Some("1.1".into()),
                lead: Some("区域性举措：".into()),
                text: "正文".into(),
            },
            Block::List {
                marker: "–".into(),
                items: vec!["一".into(), "".into()],
            },
            Block::Heading {
                level: 2,
                number: Some("1.2".into()),
                text: "二级".into(),
            },
            Block::Heading {
                level: 3,
                number: None,
                text: "三级".into(),
            },
            Block::List {
                marker: "•".into(),
                items: vec!["甲".into()],
            },
            Block::Table(Table {
                id: "initiatives".into(),
                caption: "表1 – 区域性举措".into(),
                columns: vec![
                    Column {
                        header: "编号".into(),
                        width: 15,
                    },
                    Column {
                        header: "区域性举措".into(),
                        width: 85,
                    },
                ],
                rows: vec![
                    Row::Group {
                        text: "非洲".into(),
                    },
                    Row::Cells {
                        cells: vec!["AFR1".into(), "数字化转型".into()],
                    },
                    Row::Cells {
                        cells: vec!["AFR2".into()],
                    },
                ],
            }),
            Block::Figure(Figure {
                id: "work-cycles".into(),
                caption: "图1 – 工作周期".into(),
                alt: "时间轴 \"<&>\"".into(),
                drawing: Drawing::Timeline {
                    from: 2022,
                    to: 2027,
                    bars: Vec::new(),
                },
            }),
        ],
    }
}

/// The pictures of the sample document.
pub fn figures() -> Vec<FigureImage> {
    vec![FigureImage {
        id: "work-cycles".into(),
        png: PNG.to_vec(),
        width_px: 1,
        height_px: 1,
        width_pt: 600.0,
        height_pt: 300.0,
    }]
}
