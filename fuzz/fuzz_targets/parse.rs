//! libFuzzer target `parse`: raw bytes as a Lua chunk through the front end (lexer, parser, code generator, verifier, dump round trip).
//! The body is `crescent_fuzz::targets::parse` (shared with the stable test).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| crescent_fuzz::targets::parse(data));
