//! Differential fuzzing for Crescent: a seeded generator of terminating, deterministic Lua 5.4
//! programs ([`gen`]), and a runner that executes them under every configuration of the
//! `crescent` binary and `lua5.4`, compares the results and shrinks divergences ([`diff`]);
//! the bodies of the libFuzzer targets ([`targets`]).

pub mod gen;
pub mod program;
pub mod rng;

pub use gen::{generate, generate_with, GenOptions};
pub use program::{Block, Program};
pub mod diff;
pub mod runner;
pub mod targets;
