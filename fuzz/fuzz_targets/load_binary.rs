//! libFuzzer target `load_binary`: binary chunks (raw, or a valid dump patched by the input) through load(..., "b"), run under a budget.
//! The body is `crescent_fuzz::targets::load_binary` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::load_binary(data));
