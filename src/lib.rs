//! tdag-report: compiles the TOML records of the ITU-D report to TDAG into
//! PDF and DOCX in every configured language.
//!
//! The flow is one way: [`source`] loads the records with spans, [`check`]
//! validates them, [`assemble`] makes the document model of each language,
//! and, with the `render` feature (default), the writers typeset it as PDF
//! and DOCX and the commands in `cmd` drive it all.

pub mod assemble;
#[cfg(feature = "render")]
pub mod build;
pub mod check;
#[cfg(feature = "render")]
pub mod cmd;
pub mod diag;
pub mod doc;
#[cfg(feature = "render")]
pub mod docx;
#[cfg(feature = "render")]
pub mod figures;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod locale;
#[cfg(feature = "render")]
pub mod output;
#[cfg(feature = "render")]
pub mod pdf;
pub mod placeholder;
pub mod project;
pub mod resolve;
pub mod source;
#[cfg(feature = "render")]
pub mod typeset;

pub use project::{Paths, Project};
