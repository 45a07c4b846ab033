//! The placeholder parser, `fill`, and resolving the input as a paragraph
//! of the shipped sources; see `tdag_report::fuzzing::placeholders`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tdag_report::fuzzing::placeholders(data));
