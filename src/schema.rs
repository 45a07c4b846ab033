//! The kinds of record, declared once: the file each lives in, its fields
//! and their types, its id pattern, and what names it. Loading, checking,
//! placeholders, tables, lists, translation exchange and revisions all read
//! this table; adding a kind of record is one entry here (and a file).

/// The type of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A text in every language: `title.zh = "…"`, `title.en = "…"`.
    Text,
    /// A list of texts: `[[figure.target]]` tables of languages.
    Texts,
    /// A year such as 2027.
    Year,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// The id of a record of another kind.
    Ref(&'static str),
    /// A list of ids of records of another kind.
    Refs(&'static str),
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A table of texts, one per collection of the file (`[groups]`).
    Titles,
}

impl FieldType {
    /// How the type is described in messages.
    pub fn describe(self) -> String {
        match self {
            FieldType::Text => "a text with one string per language".into(),
            FieldType::Texts => "a list of texts".into(),
            FieldType::Year => "a year such as 2027".into(),
            FieldType::Int => "a whole number".into(),
            FieldType::Bool => "true or false".into(),
            FieldType::Ref(kind) => {
                format!("the id of a {}", kind_named(kind).map_or(kind, |k| k.what))
            }
            FieldType::Refs(kind) => format!(
                "a list of {} ids",
                kind_named(kind).map_or(kind, |k| k.what)
            ),
            FieldType::Choice(words) => format!("one of {}", words.join(", ")),
            FieldType::Titles => "a table of texts".into(),
        }
    }
}

/// A field of a record.
#[derive(Debug)]
pub struct Field {
    /// The key in TOML and in placeholders (`{title}`).
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether every record must give it.
    pub required: bool,
}

const fn req(name: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

/// What ids of a kind look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdPattern {
    /// Lowercase letters, digits and hyphens: `kap-structure`.
    Slug,
    /// Three capital letters: `AFR`.
    Region,
    /// A region id and a number: `AFR1`.
    Initiative,
    /// `SG` and a number: `SG1`.
    StudyGroup,
    /// `Q<n>/<study group number>`: `Q3/1`.
    Question,
    /// A number without leading zeros: `87`.
    Number,
}

impl IdPattern {
    /// A description with an example.
    pub fn describe(self) -> &'static str {
        match self {
            IdPattern::Slug => "lowercase letters, digits and hyphens, such as kap-structure",
            IdPattern::Region => "three capital letters, such as AFR",
            IdPattern::Initiative => "a region id and a number, such as AFR1",
            IdPattern::StudyGroup => "SG and a number, such as SG1",
            IdPattern::Question => "Q<number>/<study group number>, such as Q3/1",
            IdPattern::Number => "a number, such as 87",
        }
    }

    /// Whether `id` follows the pattern.
    pub fn matches(self, id: &str) -> bool {
        fn positive(digits: &str) -> bool {
            !digits.is_empty()
                && !digits.starts_with('0')
                && digits.chars().all(|c| c.is_ascii_digit())
        }
        match self {
            IdPattern::Slug => {
                let mut chars = id.chars();
                chars.next().is_some_and(|c| c.is_ascii_lowercase())
                    && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !id.ends_with('-')
            }
            IdPattern::Region => id.len() == 3 && id.chars().all(|c| c.is_ascii_uppercase()),
            IdPattern::Initiative => {
                id.is_ascii()
                    && id.len() > 3
                    && id[..3].chars().all(|c| c.is_ascii_uppercase())
                    && positive(&id[3..])
            }
            IdPattern::StudyGroup => id.strip_prefix("SG").is_some_and(positive),
            IdPattern::Question => id
                .strip_prefix('Q')
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(q, sg)| positive(q) && positive(sg)),
            IdPattern::Number => positive(id),
        }
    }
}

/// A kind of record.
#[derive(Debug)]
pub struct Kind {
    /// Singular name: the TOML array `[[initiative]]` and `{initiative.AFR1.title}`.
    pub name: &'static str,
    /// The collection: `{initiatives.count}`, `of = "initiatives"`.
    pub plural: &'static str,
    /// What one is called in messages.
    pub what: &'static str,
    /// The file under `sources/` that holds them.
    pub file: &'static str,
    /// Its ids.
    pub id: IdPattern,
    /// Its fields besides `id`.
    pub fields: &'static [Field],
    /// The field that names a record (group rows, list items, alt texts).
    pub label: &'static str,
    /// A boolean field that, when true, adds a mark to the id in tables
    /// (`Q3/1*`), and the mark.
    pub id_mark: Option<(&'static str, &'static str)>,
}

impl Kind {
    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The names of `id` and every field.
    pub fn field_names(&self) -> Vec<&'static str> {
        std::iter::once("id")
            .chain(self.fields.iter().map(|f| f.name))
            .collect()
    }
}

/// The drawings a figure can have.
pub const DRAWINGS: &[&str] = &["timeline", "kap-structure", "links"];

/// Every kind of record, in the order in which the report mentions them.
pub static KINDS: &[Kind] = &[
    Kind {
        name: "output",
        plural: "outputs",
        what: "output",
        file: "outputs.toml",
        id: IdPattern::Slug,
        fields: &[
            req("name", FieldType::Text),
            req("start", FieldType::Year),
            opt("end", FieldType::Year),
            opt("until", FieldType::Text),
            req("text", FieldType::Text),
        ],
        label: "name",
        id_mark: None,
    },
    Kind {
        name: "priority",
        plural: "priorities",
        what: "priority",
        file: "kap.toml",
        id: IdPattern::Slug,
        fields: &[
            req("title", FieldType::Text),
            req("description", FieldType::Text),
        ],
        label: "title",
        id_mark: None,
    },
    Kind {
        name: "product",
        plural: "products",
        what: "category of products and services",
        file: "kap.toml",
        id: IdPattern::Slug,
        fields: &[req("title", FieldType::Text)],
        label: "title",
        id_mark: None,
    },
    Kind {
        name: "enabler",
        plural: "enablers",
        what: "enabler",
        file: "kap.toml",
        id: IdPattern::Slug,
        fields: &[req("title", FieldType::Text)],
        label: "title",
        id_mark: None,
    },
    Kind {
        name: "region",
        plural: "regions",
        what: "region",
        file: "regions.toml",
        id: IdPattern::Region,
        fields: &[req("name", FieldType::Text)],
        label: "name",
        id_mark: None,
    },
    Kind {
        name: "initiative",
        plural: "initiatives",
        what: "initiative",
        file: "initiatives.toml",
        id: IdPattern::Initiative,
        fields: &[
            req("region", FieldType::Ref("region")),
            req("title", FieldType::Text),
        ],
        label: "title",
        id_mark: None,
    },
    Kind {
        name: "study_group",
        plural: "study_groups",
        what: "study group",
        file: "study-groups.toml",
        id: IdPattern::StudyGroup,
        fields: &[req("name", FieldType::Text), req("scope", FieldType::Text)],
        label: "name",
        id_mark: None,
    },
    Kind {
        name: "question",
        plural: "questions",
        what: "Question",
        file: "questions.toml",
        id: IdPattern::Question,
        fields: &[
            req("study_group", FieldType::Ref("study_group")),
            opt("marked", FieldType::Bool),
            req("title", FieldType::Text),
            req("origin", FieldType::Text),
        ],
        label: "title",
        id_mark: Some(("marked", "*")),
    },
    Kind {
        name: "resolution",
        plural: "resolutions",
        what: "resolution",
        file: "resolutions.toml",
        id: IdPattern::Number,
        fields: &[
            req("year", FieldType::Year),
            req("place", FieldType::Text),
            req("title", FieldType::Text),
            req("purpose", FieldType::Text),
        ],
        label: "title",
        id_mark: None,
    },
    Kind {
        name: "figure",
        plural: "figures",
        what: "figure",
        file: "figures.toml",
        id: IdPattern::Slug,
        fields: &[
            req("draw", FieldType::Choice(DRAWINGS)),
            req("caption", FieldType::Text),
            req("alt", FieldType::Text),
            opt("from", FieldType::Year),
            opt("to", FieldType::Year),
            opt("outputs", FieldType::Refs("output")),
            opt("top", FieldType::Text),
            opt("target", FieldType::Texts),
        ],
        label: "caption",
        id_mark: None,
    },
];

/// Fields of a record file that belong to the file, not to a record.
pub struct FileField {
    /// The file.
    pub file: &'static str,
    /// The field.
    pub field: Field,
}

/// Fields of record files outside their records: the number of resolutions
/// WTDC-22 revised (`{resolutions.revised}`), the titles of the KAP's groups.
pub static FILE_FIELDS: &[FileField] = &[
    FileField {
        file: "resolutions.toml",
        field: req("revised", FieldType::Int),
    },
    FileField {
        file: "kap.toml",
        field: req("groups", FieldType::Titles),
    },
];

/// The report's own file, besides the record files.
pub const REPORT_FILE: &str = "report.toml";

/// The directory of section files under `sources/`.
pub const SECTIONS_DIR: &str = "sections";

/// A kind by its singular name.
pub fn kind_named(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// A kind by its collection name.
pub fn kind_of_plural(plural: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.plural == plural)
}

/// The record files, in order, each once.
pub fn record_files() -> Vec<&'static str> {
    let mut files: Vec<&'static str> = Vec::new();
    for kind in KINDS {
        if !files.contains(&kind.file) {
            files.push(kind.file);
        }
    }
    files
}

/// The kinds written in a file.
pub fn kinds_in(file: &str) -> Vec<&'static Kind> {
    KINDS.iter().filter(|k| k.file == file).collect()
}

/// The file fields of a file.
pub fn file_fields(file: &str) -> impl Iterator<Item = &'static Field> {
    FILE_FIELDS
        .iter()
        .filter(move |f| f.file == file)
        .map(|f| &f.field)
}

/// The kinds of block in sections and in the front matter, with the fields
/// each takes.
pub static BLOCKS: &[(&str, &[&str])] = &[
    (
        "para",
        &["kind", "id", "numbered", "number", "lead", "text"],
    ),
    (
        "heading",
        &["kind", "id", "numbered", "number", "level", "text"],
    ),
    ("list", &["kind", "id", "style", "item", "from", "field"]),
    ("entries", &["kind", "id", "of", "heading", "text"]),
    (
        "table",
        &[
            "kind", "id", "caption", "of", "where", "columns", "widths", "group_by", "column",
            "row",
        ],
    ),
    ("figure", &["kind", "figure"]),
];

/// List markers.
pub const LIST_STYLES: &[&str] = &["dash", "bullet"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns() {
        let ok = |p: IdPattern, id: &str| p.matches(id);
        assert!(ok(IdPattern::Region, "AFR") && !ok(IdPattern::Region, "AF"));
        assert!(!ok(IdPattern::Region, "afr"));
        assert!(ok(IdPattern::Initiative, "AFR1") && ok(IdPattern::Initiative, "EUR12"));
        assert!(!ok(IdPattern::Initiative, "AFR0") && !ok(IdPattern::Initiative, "AFR"));
        assert!(!ok(IdPattern::Initiative, "ÄFR1"));
        assert!(ok(IdPattern::StudyGroup, "SG2") && !ok(IdPattern::StudyGroup, "SG"));
        assert!(ok(IdPattern::Question, "Q3/1") && !ok(IdPattern::Question, "Q3"));
        assert!(!ok(IdPattern::Question, "Q3/") && !ok(IdPattern::Question, "3/1"));
        assert!(ok(IdPattern::Number, "87") && !ok(IdPattern::Number, "087"));
        assert!(ok(IdPattern::Slug, "kap-structure") && !ok(IdPattern::Slug, "Kap"));
        assert!(!ok(IdPattern::Slug, "kap-"));
    }

    #[test]
    fn names_are_unique_and_fields_declared_once() {
        for (i, kind) in KINDS.iter().enumerate() {
            for other in &KINDS[i + 1..] {
                assert_ne!(kind.name, other.name);
                assert_ne!(kind.plural, other.plural);
            }
            let names = kind.field_names();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", kind.name);
            assert!(kind.field(kind.label).is_some(), "{}", kind.name);
        }
    }
}
