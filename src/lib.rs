//! tdag-report: compiles the TOML records of the ITU-D report to TDAG into
//! PDF and DOCX in every configured language.
//!
//! The flow is one way: [`model`] loads the records with spans against the
//! [`schema`], [`check`] validates them, [`assemble`] makes the document
//! model ([`doc`]) of each language following the [`layout`], and, with the
//! `render` feature (default), the writers typeset it as PDF and DOCX and
//! the commands in `cmd` drive it all.

pub mod alloc;
pub mod assemble;
#[cfg(feature = "render")]
pub mod build;
pub mod chars;
pub mod check;
#[cfg(feature = "render")]
pub mod cmd;
pub mod diag;
pub mod doc;
#[cfg(feature = "render")]
pub mod docx;
#[cfg(feature = "render")]
pub mod figures;
pub mod layout;
pub mod locale;
pub mod model;
#[cfg(feature = "render")]
pub mod output;
#[cfg(feature = "render")]
pub mod pdf;
pub mod placeholder;
pub mod project;
pub mod resolve;
pub mod revise;
pub mod schema;
pub mod source;
pub mod span;
#[cfg(feature = "render")]
pub mod summary;
#[cfg(feature = "render")]
pub mod translate;
#[cfg(feature = "render")]
pub mod typeset;

pub use project::{Paths, Project};
