//! libFuzzer target `patterns`: string.find/match/gmatch/gsub with subject, pattern, init and replacement from the input.
//! The body is `crescent_fuzz::targets::patterns` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::patterns(data));
