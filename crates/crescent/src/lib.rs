//! Crescent: a Lua 5.4 runtime with a tiered JIT compiler.
//!
//! Data flow: source → `crescent_frontend::compile` → `Proto` → [`object::closure::load_proto`]
//! (GC objects) → [`vm::interp`] running on [`vm::state::State`]. See `ARCHITECTURE-vm.md`.
//!
//! Modules with `unsafe` (raw object pointers): `value`, `gc`, `object::*`, `vm::*`,
//! `stdlib` (table access). `api` is the safe public surface.

pub mod api;
pub mod gc;
pub mod jit;
pub mod object;
pub mod stdlib;
pub mod value;
pub mod vm;

pub use api::{Error, Lua};
pub use crescent_frontend as frontend;
