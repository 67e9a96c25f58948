//! Byte-string algorithms of the Lua 5.4 string library.
