//! Heap object types: strings, tables, closures/upvalues/prototypes, userdata.

pub mod closure;
pub mod string;
pub mod table;
pub mod userdata;
