//! Loading, checking and assembling with one record, section or locale file
//! replaced by the input; see `tdag_report::fuzzing::records`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tdag_report::fuzzing::records(data));
