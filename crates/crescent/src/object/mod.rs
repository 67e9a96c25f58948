//! Heap object types: strings, tables, closures/upvalues/prototypes.

pub mod closure;
pub mod string;
pub mod table;
