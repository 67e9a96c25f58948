//! libFuzzer target `format`: string.format with a format and typed arguments decoded from the input.
//! The body is `crescent_fuzz::targets::format` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::format(data));
