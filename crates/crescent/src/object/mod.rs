//! Heap object types: strings, tables, closures/upvalues/prototypes, userdata; the method
//! cache of `__index` table chains.

pub mod closure;
pub mod mcache;
pub mod string;
pub mod table;
pub mod userdata;
