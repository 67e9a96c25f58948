//! Crescent: a Lua 5.4 runtime with a tiered JIT compiler.
