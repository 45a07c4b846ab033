//! The placeholders fuzz target; see fuzz/harness.rs.

#![no_main]

#[path = "../harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::placeholders(data));
