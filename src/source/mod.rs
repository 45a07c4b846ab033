//! Reading the files a project is made of: safely (inside the project,
//! UTF-8 only), and as TOML with spans, with errors that say in the user's
//! words what is wrong and how to fix it.

mod read;
pub mod table;

pub use read::{Dir, decode, describe_io, read_text_file};
pub use table::{Table, Value, parse_toml};
