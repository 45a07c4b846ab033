//! tdag-report: compiles the TOML records of the ITU-D report to TDAG into
//! PDF and DOCX in every configured language.
//!
//! The flow is one way: [`source`] loads the records with spans, [`check`]
//! validates them, and the commands in [`cmd`] drive the rest.

pub mod assemble;
pub mod build;
pub mod check;
pub mod cmd;
pub mod diag;
pub mod doc;
pub mod docx;
pub mod figures;
pub mod index;
pub mod locale;
pub mod output;
pub mod pdf;
pub mod placeholder;
pub mod project;
pub mod resolve;
pub mod source;
pub mod typeset;

pub use project::{Paths, Project};
