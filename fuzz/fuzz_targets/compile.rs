//! libFuzzer target `compile`: bytes mapped to Lua tokens, compiled, verified, dumped and run under an instruction budget.
//! The body is `crescent_fuzz::targets::compile` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::compile(data));
