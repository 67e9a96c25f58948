//! `string.find`, `string.match`, `string.gmatch` and `string.gsub` over
//! `crescent_text::pattern` (bounded recursion: "pattern too complex", never a Rust stack
//! overflow). Subject and pattern stay rooted in their argument slots (or in the `gmatch`
//! closure's upvalues) while the matcher borrows their bytes.

use super::{give_buf, take_buf, R};
use crate::value::*;
use crate::vm::arith::fmt_number;
use crate::vm::debug::Loc;
use crate::vm::state::State;
use crate::vm::Throw;
use crescent_text::pattern::{self, Capture, GmatchState, GsubState, Match, PatternError};

impl State {
    fn pattern_error(&mut self, e: PatternError) -> Throw {
        self.error_at1(&e.to_string())
    }
}

/// Pushes capture `i` of `m` (`push_onecapture`).
#[inline]
fn push_capture(l: &mut State, subject: &[u8], m: &Match, i: usize) -> Result<(), Throw> {
    match m.get(i) {
        Ok(Capture::Span(s, e)) => l.push_bytes(&subject[s..e]),
        Ok(Capture::Position(p)) => {
            l.push(Value::int(p as i64));
            Ok(())
        }
        Err(e) => Err(l.pattern_error(e)),
    }
}

/// `push_captures`: with `whole`, a pattern without captures yields the whole match.
fn push_captures(l: &mut State, subject: &[u8], m: &Match, whole: bool) -> Result<usize, Throw> {
    let n = if whole {
        m.value_count()
    } else {
        m.capture_count()
    };
    l.check_stack_msg(n, "too many captures")?;
    for i in 0..n {
        push_capture(l, subject, m, i)?;
    }
    Ok(n)
}

fn find_aux(l: &mut State, find: bool) -> R {
    let s = l.str_arg(1)?;
    let p = l.str_arg(2)?;
    let init = l.opt_int_arg(3, 1)?;
    let (sb, pb) = (s.str_bytes(), p.str_bytes());
    let r = if find {
        pattern::find(sb, pb, init, !l.arg(4).is_falsy())
    } else {
        pattern::str_match(sb, pb, init)
    };
    match r {
        Ok(Some(m)) => {
            if find {
                l.push(Value::int(m.start as i64 + 1));
                l.push(Value::int(m.end as i64));
                Ok(2 + push_captures(l, sb, &m, false)?)
            } else {
                push_captures(l, sb, &m, true)
            }
        }
        Ok(None) => {
            l.push(Value::NIL);
            Ok(1)
        }
        Err(e) => Err(l.pattern_error(e)),
    }
}

pub(super) fn find(l: &mut State) -> R {
    find_aux(l, true)
}

pub(super) fn match_(l: &mut State) -> R {
    find_aux(l, false)
}

/// Upvalues: subject, pattern, and the `GmatchState` as (next start offset, end of the
/// last match or -1).
fn gmatch_aux(l: &mut State) -> R {
    let ups = l.native_upvalues();
    let (s, p) = (ups[0], ups[1]);
    let last = ups[3].as_int();
    let mut st = GmatchState::from_raw(ups[2].as_int() as usize, usize::try_from(last).ok());
    let (sb, pb) = (s.str_bytes(), p.str_bytes());
    let r = st.next(sb, pb);
    let (src, last) = st.to_raw();
    let ups = l.native_upvalues();
    ups[2] = Value::int(src as i64);
    ups[3] = Value::int(last.map_or(-1, |e| e as i64));
    match r {
        Ok(Some(m)) => push_captures(l, sb, &m, true),
        Ok(None) => Ok(0),
        Err(e) => Err(l.pattern_error(e)),
    }
}

pub(super) fn gmatch(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let p = l.str_arg(2)?;
    let len = s.str_bytes().len();
    let init = (super::posrelat_i(l.opt_int_arg(3, 1)?, len) - 1).min(len + 1);
    let c = l.heap.new_nclosure(
        gmatch_aux,
        vec![s, p, Value::int(init as i64), Value::int(-1)],
    );
    l.push(Value::ncl(c));
    Ok(1)
}

/// Appends the value of a table/function replacement (`add_value` after the call).
/// Returns whether the subject changed.
fn add_result(l: &mut State, v: Value, whole: &[u8], out: &mut Vec<u8>) -> Result<bool, Throw> {
    match v.tt {
        T_NIL | T_FALSE => {
            out.extend_from_slice(whole);
            Ok(false)
        }
        T_SHRSTR | T_LNGSTR => {
            out.extend_from_slice(v.str_bytes());
            Ok(true)
        }
        T_INT | T_FLT => {
            fmt_number(v, out);
            Ok(true)
        }
        _ => Err(l.error_at1(&format!("invalid replacement value (a {})", v.type_name()))),
    }
}

pub(super) fn gsub(l: &mut State) -> R {
    let s = l.str_arg(1)?;
    let p = l.str_arg(2)?;
    let sb = s.str_bytes();
    let repl = l.arg(3);
    let max = l.opt_int_arg(4, sb.len() as i64 + 1)?;
    let repl = match repl.tt {
        T_INT | T_FLT => l.str_arg(3)?,
        T_SHRSTR | T_LNGSTR | T_TABLE | T_LCL | T_LCF | T_NCL => repl,
        _ => return Err(l.arg_type_error(3, "string/function/table")),
    };
    let pb = p.str_bytes();
    let mut st = GsubState::new(sb, pb, Some(max));
    let mut out = take_buf();
    let mut changed = false;
    loop {
        let m = match st.next_match(sb, pb, &mut out) {
            Ok(Some(m)) => m,
            Ok(None) => break,
            Err(e) => return Err(l.pattern_error(e)),
        };
        let whole = &sb[m.start..m.end];
        match repl.tt {
            T_SHRSTR | T_LNGSTR => {
                let t = repl.str_bytes();
                if let Err(e) = pattern::expand_replacement(t, sb, &m, &mut out) {
                    return Err(l.pattern_error(e));
                }
                changed = true;
            }
            T_TABLE => {
                l.check_stack(1)?;
                push_capture(l, sb, &m, 0)?;
                let k = l.stack[l.top - 1];
                let v = l.get_value(repl, k, Loc::None)?;
                l.top -= 1;
                changed |= add_result(l, v, whole, &mut out)?;
            }
            _ => {
                let f = l.top;
                l.check_stack(1)?;
                l.push(repl);
                push_captures(l, sb, &m, true)?;
                l.call(f, 1)?;
                l.top -= 1;
                let v = l.stack[l.top];
                changed |= add_result(l, v, whole, &mut out)?;
            }
        }
    }
    let count = st.count();
    if changed {
        st.finish(sb, &mut out);
        l.push_bytes(&out)?;
    } else {
        l.push(s);
    }
    give_buf(out);
    l.push(Value::int(count));
    Ok(2)
}
