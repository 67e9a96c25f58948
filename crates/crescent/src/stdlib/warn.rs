//! `warn` (`luaB_warn` of lbaselib.c): checks that every argument is a string, then hands the
//! pieces to the state's warning system ([`State::warning`]: lua.c's warning function, with
//! the `@on`/`@off` control messages, off by default, `Lua warning: ...` on stderr). Safe code.

use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;

pub fn open(l: &mut State) -> Result<(), Throw> {
    l.set_global("warn", Value::lcf(warn))
}

fn warn(l: &mut State) -> Result<usize, Throw> {
    let n = l.nargs();
    l.check_string(1)?;
    for i in 2..=n {
        l.check_string(i)?;
    }
    for i in 1..n {
        let s = l.arg(i);
        l.warning(s.str_bytes(), true);
    }
    let last = l.arg(n);
    l.warning(last.str_bytes(), false);
    Ok(0)
}
