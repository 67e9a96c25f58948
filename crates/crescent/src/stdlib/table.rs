//! The table library (`ltablib.c` of Lua 5.4.4): `concat`, `insert`, `move`, `pack`,
//! `remove`, `sort`, `unpack`.
//!
//! Every element access goes through `lua_geti`/`lua_seti` semantics (`State::get_value` /
//! `set_value`, which honour `__index`/`__newindex`), lengths through `__len` (`aux_getn`
//! with the `TAB_R/TAB_W/TAB_L` metatable checks). `sort` is PUC's quicksort step for step, so
//! comparisons, metamethod calls and "invalid order function for sorting" happen exactly as in
//! lua5.4; its operands live in stack slots (as in PUC) so a comparator that edits the table
//! and collects garbage cannot free a value the sort still holds. Plain tables (no
//! metatable) take raw fast paths in `insert`, `remove` and `unpack`, which are equivalent
//! because no Lua code can run in between. Uses `unsafe` only to read tables behind values.

use crate::stdlib::string::{give_buf, take_buf};
use crate::value::*;
use crate::vm::arith::{fmt_number, to_integer, F2I};
use crate::vm::compare::lt_num;
use crate::vm::debug::Loc;
use crate::vm::state::State;
use crate::vm::{Throw, EXTRA_STACK, MAX_STACK, TM};

type R = Result<usize, Throw>;

const TAB_R: u8 = 1;
const TAB_W: u8 = 2;
const TAB_L: u8 = 4;
const TAB_RW: u8 = TAB_R | TAB_W;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("concat", tconcat),
        ("insert", tinsert),
        ("pack", tpack),
        ("unpack", tunpack),
        ("remove", tremove),
        ("move", tmove),
        ("sort", sort),
    ];
    let t = new_lib(l, fns)?;
    register_lib(l, "table", t)
}

/// Creates a library table with these functions (`luaL_newlib`); the table is returned and
/// also left pushed on the stack (so it stays rooted until `register_lib` pops it).
pub(crate) fn new_lib(l: &mut State, fns: &[(&str, NativeFn)]) -> Result<Value, Throw> {
    l.check_stack(2)?;
    let t = l.new_table();
    l.push(t);
    for (name, f) in fns {
        let k = l.new_str(name.as_bytes())?;
        l.table_set(t.as_table(), k, Value::lcf(*f))?;
    }
    Ok(t)
}

/// Sets `_G[name]` and `package.loaded[name]` to the library table `t` (`luaL_requiref` with
/// `glb` true) and pops it from the stack.
pub(crate) fn register_lib(l: &mut State, name: &str, t: Value) -> Result<(), Throw> {
    let k = l.new_str(name.as_bytes())?;
    let loaded = l.loaded;
    l.table_set(loaded, k, t)?;
    let g = l.globals;
    l.table_set(g, k, t)?;
    l.top -= 1;
    Ok(())
}

// ------------------------------------------------------------------ helpers

/// Raw `mt[name]` for a metamethod name.
fn raw_tm(l: &State, mt: *mut crate::object::table::Table, e: TM) -> bool {
    // SAFETY: `mt` is a live table; tm names are fixed strings.
    unsafe { !(*(*mt).get_shortstr(l.tmname[e as usize])).is_nil() }
}

/// `checktab`: argument `arg` is a table or has a metatable with the needed metamethods.
fn checktab(l: &mut State, arg: usize, what: u8) -> Result<(), Throw> {
    let v = l.arg(arg);
    if v.tt != T_TABLE {
        let mt = l.metatable_of(v);
        let ok = !mt.is_null()
            && (what & TAB_R == 0 || raw_tm(l, mt, TM::Index))
            && (what & TAB_W == 0 || raw_tm(l, mt, TM::NewIndex))
            && (what & TAB_L == 0 || raw_tm(l, mt, TM::Len));
        if !ok {
            return Err(l.arg_type_error(arg, "table"));
        }
    }
    Ok(())
}

/// `luaL_len`: `#v` (with `__len`) as an integer.
pub(crate) fn len_of(l: &mut State, v: Value) -> Result<i64, Throw> {
    if v.tt == T_TABLE {
        // SAFETY: live table.
        unsafe {
            if (*v.as_table()).metatable.is_null() {
                return Ok((*v.as_table()).length() as i64);
            }
        }
    }
    let n = l.obj_len(v, Loc::None)?;
    match to_integer(n, F2I::Eq) {
        Some(i) => Ok(i),
        None => Err(l.error_at1("object length is not an integer")),
    }
}

/// `aux_getn`.
fn aux_getn(l: &mut State, arg: usize, what: u8) -> Result<i64, Throw> {
    checktab(l, arg, what | TAB_L)?;
    let v = l.arg(arg);
    len_of(l, v)
}

/// The table behind `v` if it is a table without a metatable (raw access = `lua_geti`).
#[inline(always)]
fn plain(v: Value) -> Option<&'static mut crate::object::table::Table> {
    if v.tt == T_TABLE {
        // SAFETY: live table (rooted by the caller's stack for the duration of the call).
        let t = unsafe { &mut *v.as_table() };
        if t.metatable.is_null() {
            return Some(t);
        }
    }
    None
}

/// `lua_geti` returning the value.
#[inline(always)]
fn geti(l: &mut State, t: Value, i: i64) -> Result<Value, Throw> {
    if t.tt == T_TABLE {
        // SAFETY: live table.
        let v = unsafe { *(*t.as_table()).get_int(i) };
        if !v.is_nil() {
            return Ok(v);
        }
    }
    l.finish_get(t, Value::int(i), Loc::None)
}

/// `lua_seti`.
#[inline(always)]
fn seti(l: &mut State, t: Value, i: i64, v: Value) -> Result<(), Throw> {
    l.set_value(t, Value::int(i), v, Loc::None)
}

/// `lua_checkstack` (without raising): room for `n` more values?
pub(crate) fn soft_check_stack(l: &mut State, n: usize) -> bool {
    if l.stack_last() - l.top > n {
        return true;
    }
    let inuse = l.top + EXTRA_STACK;
    if n > MAX_STACK || inuse > MAX_STACK - n {
        return false;
    }
    l.check_stack(n).is_ok()
}

// ------------------------------------------------------------------ functions

fn tinsert(l: &mut State) -> R {
    let e = aux_getn(l, 1, TAB_RW)?.wrapping_add(1); // first empty element
    let t = l.arg(1);
    let pos;
    match l.nargs() {
        2 => pos = e,
        3 => {
            pos = l.check_integer(2)?;
            // check whether 'pos' is in [1, e]
            if (pos as u64).wrapping_sub(1) >= e as u64 {
                return Err(l.arg_error(2, "position out of bounds"));
            }
            match plain(t) {
                Some(h) if (e as u64) <= h.asize as u64 => {
                    // Shift t[pos..e-1] up by one inside the array part.
                    let a =
                        &mut unsafe { std::slice::from_raw_parts_mut(h.array, h.asize as usize) }
                            [(pos - 1) as usize..e as usize];
                    a.copy_within(0..a.len() - 1, 1);
                }
                _ => {
                    let mut i = e;
                    while i > pos {
                        let v = geti(l, t, i - 1)?;
                        seti(l, t, i, v)?;
                        i -= 1;
                    }
                }
            }
        }
        _ => return Err(l.error_at1("wrong number of arguments to 'insert'")),
    }
    let v = l.stack[l.top - 1];
    seti(l, t, pos, v)?;
    Ok(0)
}

fn tremove(l: &mut State) -> R {
    let size = aux_getn(l, 1, TAB_RW)?;
    let t = l.arg(1);
    let mut pos = l.opt_integer(2, size)?;
    if pos != size && (pos as u64).wrapping_sub(1) > size as u64 {
        // 'pos' must be in [1, size + 1]
        return Err(l.arg_error(1, "position out of bounds"));
    }
    let res = geti(l, t, pos)?;
    l.push(res);
    if let Some(h) = plain(t) {
        if pos >= 1 && size <= h.asize as i64 && pos <= size {
            // SAFETY: [pos-1, size) lies inside the array part.
            let a = &mut unsafe { std::slice::from_raw_parts_mut(h.array, h.asize as usize) }
                [(pos - 1) as usize..size as usize];
            a.copy_within(1.., 0);
            a[a.len() - 1] = Value::NIL;
            return Ok(1);
        }
    }
    while pos < size {
        let v = geti(l, t, pos + 1)?;
        seti(l, t, pos, v)?;
        pos += 1;
    }
    seti(l, t, pos, Value::NIL)?;
    Ok(1)
}

fn tmove(l: &mut State) -> R {
    let f = l.check_integer(2)?;
    let e = l.check_integer(3)?;
    let t = l.check_integer(4)?;
    let tt = if !l.arg(5).is_nil() { 5 } else { 1 };
    checktab(l, 1, TAB_R)?;
    checktab(l, tt, TAB_W)?;
    if e >= f {
        if !(f > 0 || e < i64::MAX.wrapping_add(f)) {
            return Err(l.arg_error(3, "too many elements to move"));
        }
        let n = e - f + 1; // number of elements to move
        if t > i64::MAX - n + 1 {
            return Err(l.arg_error(4, "destination wrap around"));
        }
        let src = l.arg(1);
        let dst = l.arg(tt);
        let forward = t > e || t <= f || (tt != 1 && !l.equal_obj(src, dst)?);
        if forward {
            for i in 0..n {
                let v = geti(l, src, f + i)?;
                seti(l, dst, t + i, v)?;
            }
        } else {
            let mut i = n - 1;
            while i >= 0 {
                let v = geti(l, src, f + i)?;
                seti(l, dst, t + i, v)?;
                i -= 1;
            }
        }
    }
    let d = l.arg(tt);
    l.push(d);
    Ok(1)
}

fn add_field(l: &mut State, t: Value, i: i64, buf: &mut Vec<u8>) -> Result<(), Throw> {
    let v = geti(l, t, i)?;
    if v.is_str() {
        buf.extend_from_slice(v.str_bytes());
    } else if v.is_number() {
        fmt_number(v, buf);
    } else {
        return Err(l.error_at1(&format!(
            "invalid value ({}) at index {} in table for 'concat'",
            v.type_name(),
            i
        )));
    }
    if !l.heap.can_alloc(buf.len()) {
        return Err(l.mem_error());
    }
    Ok(())
}

fn tconcat(l: &mut State) -> R {
    let last = aux_getn(l, 1, TAB_R)?;
    let sep = l.opt_string(2)?;
    let mut i = l.opt_integer(3, 1)?;
    let last = l.opt_integer(4, last)?;
    let t = l.arg(1);
    if let Some(r) = concat_array(l, t, sep, i, last) {
        return r;
    }
    let mut buf = take_buf();
    while i < last {
        add_field(l, t, i, &mut buf)?;
        if let Some(s) = sep {
            buf.extend_from_slice(s.str_bytes());
        }
        i += 1;
    }
    if i == last {
        add_field(l, t, i, &mut buf)?;
    }
    let s = l.new_str(&buf)?;
    give_buf(buf);
    l.push(s);
    Ok(1)
}

/// `table.concat` of `t[i..=last]` when `t` is a plain table whose array part holds that
/// range and only strings there: the length is summed first, so the result is built with
/// one allocation and no reallocation. `None` when these conditions do not hold (the
/// general loop then does the work, raising the same errors as before).
fn concat_array(l: &mut State, t: Value, sep: Option<Value>, i: i64, last: i64) -> Option<R> {
    let tab = plain(t)?;
    if i < 1 || last < i || last > tab.array_slice().len() as i64 {
        return None;
    }
    let items = &tab.array_slice()[i as usize - 1..last as usize];
    let sep = sep.map_or(&[][..], |s| s.str_bytes());
    let mut total = sep.len().saturating_mul(items.len() - 1);
    for v in items {
        if !v.is_str() {
            return None;
        }
        total = total.saturating_add(v.str_bytes().len());
    }
    if !l.heap.can_alloc(total) {
        return Some(Err(l.mem_error()));
    }
    let mut buf = take_buf();
    if buf.try_reserve(total).is_err() {
        return Some(Err(l.mem_error()));
    }
    // Pieces are often single characters: pushed rather than copied by a `memcpy` call
    // each (the room is reserved).
    let append = |buf: &mut Vec<u8>, b: &[u8]| {
        if let [c] = b {
            buf.push(*c);
        } else {
            buf.extend_from_slice(b);
        }
    };
    for (k, v) in items.iter().enumerate() {
        if k > 0 && !sep.is_empty() {
            append(&mut buf, sep);
        }
        append(&mut buf, v.str_bytes());
    }
    let r = l.new_str(&buf);
    give_buf(buf);
    Some(r.map(|s| {
        l.push(s);
        1
    }))
}

fn tpack(l: &mut State) -> R {
    let n = l.nargs();
    let base = l.base();
    let t = l.new_table();
    l.push(t);
    // SAFETY: fresh table, rooted on the stack.
    let h = unsafe { &mut *t.as_table() };
    if let Err(e) = h.resize(&mut l.heap, n as u32, 1) {
        return Err(l.table_error(e));
    }
    for i in 0..n {
        // SAFETY: the array part has `n` slots.
        unsafe { *h.array.add(i) = l.stack[base + i] };
    }
    let k = l.new_str(b"n")?;
    l.table_set(t.as_table(), k, Value::int(n as i64))?;
    Ok(1)
}

fn tunpack(l: &mut State) -> R {
    let mut i = l.opt_integer(2, 1)?;
    let e = if l.arg(3).is_nil() {
        let t = l.arg(1);
        len_of(l, t)?
    } else {
        l.check_integer(3)?
    };
    if i > e {
        return Ok(0);
    }
    let n = (e as u64).wrapping_sub(i as u64); // number of elements minus 1
    if n >= i32::MAX as u64 || !soft_check_stack(l, n as usize + 1) {
        return Err(l.error_at1("too many results to unpack"));
    }
    let n = n as usize + 1;
    let t = l.arg(1);
    if let Some(h) = plain(t) {
        if i >= 1 && e <= h.asize as i64 {
            let a = h.array_slice();
            let top = l.top;
            l.stack[top..top + n].copy_from_slice(&a[(i - 1) as usize..e as usize]);
            l.top += n;
            return Ok(n);
        }
    }
    while i < e {
        let v = geti(l, t, i)?;
        l.push(v);
        i += 1;
    }
    let v = geti(l, t, e)?;
    l.push(v);
    Ok(n)
}

// ------------------------------------------------------------------ sort

/// Arrays larger than this may use randomized pivots.
const RANLIMIT: u32 = 100;

/// `l_randomizePivot`: "randomness" from `clock` and `time`.
fn randomize_pivot() -> u32 {
    // SAFETY: plain libc calls.
    let c = unsafe { c_clock() } as u64;
    let t = unsafe { libc::time(std::ptr::null_mut()) } as u64;
    (c as u32)
        .wrapping_add((c >> 32) as u32)
        .wrapping_add(t as u32)
        .wrapping_add((t >> 32) as u32)
}

/// Sort state: the table (argument 1) and the comparator (argument 2, nil for `<`).
struct Sorter {
    t: Value,
    f: Value,
}

impl Sorter {
    #[inline(always)]
    fn push_geti(&self, l: &mut State, i: u32) -> Result<(), Throw> {
        let v = geti(l, self.t, i as i64)?;
        l.push(v);
        Ok(())
    }

    /// `lua_seti(L, 1, i)`: pops the top value into `t[i]`.
    #[inline(always)]
    fn pop_seti(&self, l: &mut State, i: u32) -> Result<(), Throw> {
        let v = l.stack[l.top - 1];
        seti(l, self.t, i as i64, v)?;
        l.top -= 1;
        Ok(())
    }

    #[inline(always)]
    fn set2(&self, l: &mut State, i: u32, j: u32) -> Result<(), Throw> {
        self.pop_seti(l, i)?;
        self.pop_seti(l, j)
    }

    /// `sort_comp` for stack offsets from the top (`-1` is the top value).
    #[inline(always)]
    fn comp(&self, l: &mut State, a: usize, b: usize) -> Result<bool, Throw> {
        let va = l.stack[l.top - a];
        let vb = l.stack[l.top - b];
        if self.f.is_nil() {
            if va.is_number() && vb.is_number() {
                Ok(lt_num(va, vb))
            } else if va.is_str() && vb.is_str() {
                Ok(va.str_bytes() < vb.str_bytes())
            } else {
                l.less_than(va, vb)
            }
        } else {
            let func = l.top;
            l.stack[func] = self.f;
            l.stack[func + 1] = va;
            l.stack[func + 2] = vb;
            l.top = func + 3;
            l.call(func, 1)?;
            l.top -= 1;
            Ok(!l.stack[l.top].is_falsy())
        }
    }

    fn partition(&self, l: &mut State, lo: u32, up: u32) -> Result<u32, Throw> {
        let mut i = lo; // will be incremented before first use
        let mut j = up.wrapping_sub(1); // will be decremented before first use
                                        // loop invariant: a[lo .. i] <= P <= a[j .. up]
        loop {
            // repeat ++i while a[i] < P
            loop {
                i = i.wrapping_add(1);
                self.push_geti(l, i)?;
                if !self.comp(l, 1, 2)? {
                    break;
                }
                if i == up.wrapping_sub(1) {
                    return Err(l.error_at1("invalid order function for sorting"));
                }
                l.top -= 1;
            }
            // repeat --j while P < a[j]
            loop {
                j = j.wrapping_sub(1);
                self.push_geti(l, j)?;
                if !self.comp(l, 3, 1)? {
                    break;
                }
                if j < i {
                    return Err(l.error_at1("invalid order function for sorting"));
                }
                l.top -= 1;
            }
            if j < i {
                l.top -= 1; // pop a[j]
                            // swap pivot (a[up - 1]) with a[i]
                self.set2(l, up.wrapping_sub(1), i)?;
                return Ok(i);
            }
            self.set2(l, i, j)?;
        }
    }

    fn auxsort(&self, l: &mut State, mut lo: u32, mut up: u32, mut rnd: u32) -> Result<(), Throw> {
        while lo < up {
            // sort elements 'lo', 'p', and 'up'
            self.push_geti(l, lo)?;
            self.push_geti(l, up)?;
            if self.comp(l, 1, 2)? {
                self.set2(l, lo, up)?; // a[up] < a[lo]: swap
            } else {
                l.top -= 2;
            }
            if up - lo == 1 {
                return Ok(());
            }
            let mut p = if up - lo < RANLIMIT || rnd == 0 {
                lo.wrapping_add(up) / 2
            } else {
                let r4 = (up - lo) / 4;
                rnd % (r4 * 2) + (lo + r4)
            };
            self.push_geti(l, p)?;
            self.push_geti(l, lo)?;
            if self.comp(l, 2, 1)? {
                self.set2(l, p, lo)?; // a[p] < a[lo]
            } else {
                l.top -= 1;
                self.push_geti(l, up)?;
                if self.comp(l, 1, 2)? {
                    self.set2(l, p, up)?; // a[up] < a[p]
                } else {
                    l.top -= 2;
                }
            }
            if up - lo == 2 {
                return Ok(());
            }
            self.push_geti(l, p)?; // Pivot
            let pv = l.stack[l.top - 1];
            l.push(pv);
            self.push_geti(l, up - 1)?;
            self.set2(l, p, up - 1)?;
            p = self.partition(l, lo, up)?;
            let n;
            if p - lo < up - p {
                self.auxsort(l, lo, p - 1, rnd)?;
                n = p - lo;
                lo = p + 1;
            } else {
                self.auxsort(l, p + 1, up, rnd)?;
                n = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > n {
                rnd = randomize_pivot();
            }
        }
        Ok(())
    }
}

fn sort(l: &mut State) -> R {
    let n = aux_getn(l, 1, TAB_RW)?;
    if n > 1 {
        if n >= i32::MAX as i64 {
            return Err(l.arg_error(1, "array too big"));
        }
        if !l.arg(2).is_nil() && !l.arg(2).is_function() {
            return Err(l.arg_type_error(2, "function"));
        }
        if l.arg(2).is_nil() {
            if let Some(r) = sort_direct(l, n as u32) {
                return r.map(|_| 0);
            }
        }
        let base = l.base();
        let f = l.arg(2);
        l.top = base + 2;
        l.stack[base + 1] = f;
        let s = Sorter {
            t: l.stack[base],
            f,
        };
        s.auxsort(l, 1, n as u32, 0)?;
    }
    Ok(0)
}

/// `sort` without a comparator of a plain table whose array part holds `1..=n`, all numbers
/// or all strings: `Sorter`'s steps (same comparisons, same writes in the same order, same
/// "invalid order function" points, which NaNs can reach) on the array itself. No
/// comparison can call Lua, so nothing else can see or change the table meanwhile. `None`
/// when the table does not qualify.
fn sort_direct(l: &mut State, n: u32) -> Option<Result<(), Throw>> {
    let t = plain(l.arg(1))?;
    let a = t.array_slice();
    if (a.len() as u64) < n as u64 {
        return None;
    }
    let a = &a[..n as usize];
    let nums = a.iter().all(|v| v.is_number());
    if !nums && !a.iter().all(|v| v.is_str()) {
        return None;
    }
    // SAFETY: the array part holds `n` values (checked above); nothing reallocates it while
    // the sort runs (no Lua code runs, no allocation touches the table).
    let a = unsafe { std::slice::from_raw_parts_mut(t.array, n as usize) };
    let lt: fn(Value, Value) -> bool = if nums {
        lt_num
    } else {
        |x, y| x.str_bytes() < y.str_bytes()
    };
    let mut d = DirectSort { a, lt };
    Some(
        d.auxsort(1, n, 0)
            .map_err(|()| l.error_at1("invalid order function for sorting")),
    )
}

/// The array (1-based through `at`/`set`) and the order of [`sort_direct`].
struct DirectSort<'a> {
    a: &'a mut [Value],
    lt: fn(Value, Value) -> bool,
}

impl DirectSort<'_> {
    #[inline(always)]
    fn at(&self, i: u32) -> Value {
        self.a[i as usize - 1]
    }
    #[inline(always)]
    fn set(&mut self, i: u32, v: Value) {
        self.a[i as usize - 1] = v;
    }
    #[inline(always)]
    fn swap(&mut self, i: u32, j: u32) {
        self.a.swap(i as usize - 1, j as usize - 1);
    }

    /// `Sorter::partition` with the pivot `pv` (= a[up - 1]).
    fn partition(&mut self, lo: u32, up: u32, pv: Value) -> Result<u32, ()> {
        let lt = self.lt;
        let mut i = lo;
        let mut j = up.wrapping_sub(1);
        loop {
            loop {
                i = i.wrapping_add(1);
                if !lt(self.at(i), pv) {
                    break;
                }
                if i == up.wrapping_sub(1) {
                    return Err(());
                }
            }
            loop {
                j = j.wrapping_sub(1);
                if !lt(pv, self.at(j)) {
                    break;
                }
                if j < i {
                    return Err(());
                }
            }
            if j < i {
                // a[up - 1] = a[i]; a[i] = pivot
                let ai = self.at(i);
                self.set(up.wrapping_sub(1), ai);
                self.set(i, pv);
                return Ok(i);
            }
            self.swap(i, j);
        }
    }

    fn auxsort(&mut self, mut lo: u32, mut up: u32, mut rnd: u32) -> Result<(), ()> {
        let lt = self.lt;
        while lo < up {
            if lt(self.at(up), self.at(lo)) {
                self.swap(lo, up);
            }
            if up - lo == 1 {
                return Ok(());
            }
            let mut p = if up - lo < RANLIMIT || rnd == 0 {
                lo.wrapping_add(up) / 2
            } else {
                let r4 = (up - lo) / 4;
                rnd % (r4 * 2) + (lo + r4)
            };
            if lt(self.at(p), self.at(lo)) {
                self.swap(p, lo);
            } else if lt(self.at(up), self.at(p)) {
                self.swap(p, up);
            }
            if up - lo == 2 {
                return Ok(());
            }
            let pv = self.at(p);
            self.swap(p, up - 1);
            p = self.partition(lo, up, pv)?;
            let n;
            if p - lo < up - p {
                self.auxsort(lo, p - 1, rnd)?;
                n = p - lo;
                lo = p + 1;
            } else {
                self.auxsort(p + 1, up, rnd)?;
                n = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > n {
                rnd = randomize_pivot();
            }
        }
        Ok(())
    }
}

extern "C" {
    #[link_name = "clock"]
    fn c_clock() -> libc::c_long;
}
