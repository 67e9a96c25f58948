//! Byte-string algorithms of the Lua 5.4 string library, independent of any VM value type:
//! pattern matching ([`pattern`]), `string.format` ([`format`](mod@format)), `string.pack` /
//! `string.unpack` ([`pack`]) and number-to-string helpers ([`num`]).
#![forbid(unsafe_code)]

mod float;
pub mod format;
pub mod num;
pub mod pack;
pub mod pattern;
