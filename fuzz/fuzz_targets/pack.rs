//! libFuzzer target `pack`: string.pack/unpack/packsize with formats, values and data from the input.
//! The body is `crescent_fuzz::targets::pack` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::pack(data));
