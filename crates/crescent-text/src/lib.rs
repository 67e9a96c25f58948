//! Byte-string algorithms of the Lua 5.4 string library, independent of any VM value type:
//! pattern matching ([`pattern`]), `string.format` ([`format`]) and `string.pack` /
//! `string.unpack` ([`pack`]).
#![forbid(unsafe_code)]

pub mod float;
pub mod format;
pub mod num;
pub mod pack;
pub mod pattern;
