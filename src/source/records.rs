//! The record files under `sources/`, as serde types. Unknown keys are
//! errors; spans are kept wherever a later check may point.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::text::Text;

/// `report.toml`: languages, metadata and the front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// Language codes, in edition order.
    pub languages: Spanned<Vec<Spanned<String>>>,
    /// Document metadata.
    pub meta: Meta,
    /// Blocks of the Summary.
    #[serde(default)]
    pub summary: Vec<Block>,
    /// Blocks of "Action required".
    #[serde(default)]
    pub action: Vec<Block>,
    /// Blocks of References.
    #[serde(default)]
    pub references: Vec<Block>,
}

/// Document metadata.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Document number without the language letter, e.g. `TDAG-23/XX`.
    pub document: Spanned<String>,
    /// Date of the document.
    pub date: Spanned<Datetime>,
    /// Language code of the original.
    pub original: Spanned<String>,
    /// The group's name.
    pub group: Text,
    /// The meeting line.
    pub meeting: Text,
    /// Who submits the document.
    pub source: Text,
    /// Title of the document.
    pub title: Text,
}

/// A section file under `sources/sections/`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// Section number, `"1"` to `"n"`.
    pub number: Spanned<String>,
    /// Section heading.
    pub title: Text,
    /// The section's content.
    #[serde(default)]
    pub block: Vec<Block>,
}

/// What a block is.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A paragraph.
    Para,
    /// A subheading.
    Heading,
    /// A list of texts or of records.
    List,
    /// The priorities with their descriptions.
    Priorities,
    /// A table of records.
    Table,
    /// A figure from `figures.toml`.
    Figure,
}

impl BlockKind {
    /// The name used in the sources.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Para => "para",
            BlockKind::Heading => "heading",
            BlockKind::List => "list",
            BlockKind::Priorities => "priorities",
            BlockKind::Table => "table",
            BlockKind::Figure => "figure",
        }
    }
}

/// List markers.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListStyle {
    /// `–` items.
    Dash,
    /// `·` items.
    Bullet,
}

/// Records a list can enumerate.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ListFrom {
    /// The outputs and their work cycles.
    Outputs,
    /// Categories of products and services.
    Products,
    /// The enablers.
    Enablers,
    /// The new resolutions.
    Resolutions,
}

/// Records a table can show.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TableOf {
    /// Questions of one study group.
    Questions,
    /// Regional initiatives grouped by region.
    Initiatives,
}

/// One block of a section or of the front matter. Which fields a block
/// takes depends on its kind; `check` enforces that.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// The kind of block.
    pub kind: Spanned<BlockKind>,
    /// Paragraph or heading number, e.g. `"1.1"`.
    pub number: Option<Spanned<String>>,
    /// Bold run-in label of a paragraph.
    pub lead: Option<Text>,
    /// Text of a paragraph or heading.
    pub text: Option<Text>,
    /// Marker of a list.
    pub style: Option<Spanned<ListStyle>>,
    /// Items of a list.
    pub item: Option<Spanned<Vec<Text>>>,
    /// Records a list enumerates.
    pub from: Option<Spanned<ListFrom>>,
    /// Id of a table.
    pub id: Option<Spanned<String>>,
    /// Records a table shows.
    pub of: Option<Spanned<TableOf>>,
    /// Study group of a Questions table.
    pub study_group: Option<Spanned<String>>,
    /// Caption of a table.
    pub caption: Option<Text>,
    /// Id of the figure placed here.
    pub figure: Option<Spanned<String>>,
}

/// `outputs.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputsFile {
    /// The outputs.
    #[serde(default)]
    pub output: Vec<Output>,
}

/// An output of WTDC-22 and its work cycle.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Slug id.
    pub id: Spanned<String>,
    /// Name.
    pub name: Text,
    /// First year of the cycle.
    pub start: Spanned<i64>,
    /// Last year, if the cycle ends.
    pub end: Option<Spanned<i64>>,
    /// For an open-ended cycle: until when.
    pub until: Option<Text>,
    /// The statement of the cycle and its reason.
    pub text: Text,
}

/// `kap.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KapFile {
    /// Names of the three groups.
    pub groups: KapGroups,
    /// The priorities.
    #[serde(default)]
    pub priority: Vec<Priority>,
    /// Categories of products and services.
    #[serde(default)]
    pub product: Vec<Titled>,
    /// The enablers.
    #[serde(default)]
    pub enabler: Vec<Titled>,
}

/// Names of the KAP's parts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KapGroups {
    /// "ITU-D priorities".
    pub priorities: Text,
    /// "Products and services".
    pub products: Text,
    /// "Enablers".
    pub enablers: Text,
}

/// An ITU-D priority.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// Slug id.
    pub id: Spanned<String>,
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
}

/// A record with an id and a title only (product category, enabler).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titled {
    /// Slug id.
    pub id: Spanned<String>,
    /// Title.
    pub title: Text,
}

/// `regions.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsFile {
    /// The regions.
    #[serde(default)]
    pub region: Vec<Region>,
}

/// An ITU region.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Three capital letters, e.g. `AFR`.
    pub id: Spanned<String>,
    /// Name.
    pub name: Text,
}

/// `initiatives.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativesFile {
    /// The regional initiatives.
    #[serde(default)]
    pub initiative: Vec<Initiative>,
}

/// A regional initiative.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    /// Region id and number, e.g. `AFR1`.
    pub id: Spanned<String>,
    /// Region id.
    pub region: Spanned<String>,
    /// Title.
    pub title: Text,
}

/// `study-groups.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyGroupsFile {
    /// The study groups.
    #[serde(default)]
    pub study_group: Vec<StudyGroup>,
}

/// An ITU-D study group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyGroup {
    /// `SG1`, `SG2`.
    pub id: Spanned<String>,
    /// Name.
    pub name: Text,
    /// Scope of its Questions.
    pub scope: Text,
}

/// `questions.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionsFile {
    /// The Questions.
    #[serde(default)]
    pub question: Vec<Question>,
}

/// A study Question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `Q<n>/<study group number>`.
    pub id: Spanned<String>,
    /// Study group id.
    pub study_group: Spanned<String>,
    /// Whether the tables mark it with an asterisk.
    #[serde(default)]
    pub marked: bool,
    /// Title.
    pub title: Text,
    /// Where it comes from.
    pub origin: Text,
}

/// `resolutions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionsFile {
    /// How many existing resolutions were revised.
    pub revised: Spanned<i64>,
    /// The new resolutions.
    #[serde(default)]
    pub resolution: Vec<Resolution>,
}

/// A new resolution.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Its number, e.g. `"87"`.
    pub id: Spanned<String>,
    /// Year of adoption.
    pub year: Spanned<i64>,
    /// Place of adoption.
    pub place: Text,
    /// Title.
    pub title: Text,
    /// What it is for, as the report says it.
    pub purpose: Text,
}

/// `figures.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresFile {
    /// The figures.
    #[serde(default)]
    pub figure: Vec<Figure>,
}

/// What a figure draws.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Draw {
    /// Work cycles of outputs on a time axis.
    Timeline,
    /// Priorities, products and services, enablers.
    KapStructure,
    /// Priorities linked to resolutions, WSIS and SDGs.
    Links,
}

impl Draw {
    /// The name used in the sources.
    pub fn name(self) -> &'static str {
        match self {
            Draw::Timeline => "timeline",
            Draw::KapStructure => "kap-structure",
            Draw::Links => "links",
        }
    }
}

/// A figure drawn by the template from the records.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Slug id.
    pub id: Spanned<String>,
    /// What it draws.
    pub draw: Spanned<Draw>,
    /// Caption.
    pub caption: Text,
    /// Description for readers who cannot see it.
    pub alt: Text,
    /// Timeline: first year shown.
    pub from: Option<Spanned<i64>>,
    /// Timeline: last year shown.
    pub to: Option<Spanned<i64>>,
    /// Timeline: output ids, one row each.
    pub outputs: Option<Spanned<Vec<Spanned<String>>>>,
    /// KAP structure: what the KAP feeds.
    pub top: Option<Text>,
    /// Links: what the priorities link to.
    pub target: Option<Spanned<Vec<Text>>>,
}
