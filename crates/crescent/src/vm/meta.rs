//! Tag methods: metatable lookup with the per-table absence cache, the slow paths of
//! indexing (`__index`/`__newindex` chains), arithmetic fallbacks (`__add` ...; the string
//! coercion that 5.4's string metatable performs), `__concat`, `__len`, `__eq`, and calling
//! metamethods. Uses `unsafe` (table pointers from values).

use crate::object::mcache::PROTO;
use crate::object::table::{set_slot, Table};
use crate::value::*;
use crate::vm::arith::{self, to_number_value};
use crate::vm::debug::Loc;
use crate::vm::state::State;
use crate::vm::*;

/// Longest cached `__index` chain, in tables (metatables and `__index` tables).
const CHAIN_MAX: usize = 16;

impl State {
    /// The metatable of any value (null if none).
    #[inline]
    pub fn metatable_of(&self, v: Value) -> *mut Table {
        match v.tt {
            // SAFETY: table values point at live tables.
            T_TABLE => unsafe { (*v.as_table()).metatable },
            // SAFETY: userdata values point at live userdata.
            T_UDATA => unsafe { (*v.as_udata()).metatable },
            _ => self.mt[v.ltype() as usize],
        }
    }

    /// `luaT_gettmbyobj`: the metamethod or nil.
    pub fn get_tm_by_obj(&self, v: Value, e: TM) -> Value {
        let mt = self.metatable_of(v);
        if mt.is_null() {
            return Value::NIL;
        }
        // SAFETY: metatables are live tables; tm names are fixed strings.
        unsafe { *(*mt).get_shortstr(self.tmname[e as usize]) }
    }

    /// `fasttm`: metamethod of a metatable, caching absence in the table's flags.
    #[inline(always)]
    pub fn fast_tm(&self, mt: *mut Table, e: TM) -> Option<Value> {
        if mt.is_null() {
            return None;
        }
        // SAFETY: `mt` is a live table.
        unsafe {
            if (*mt).flags & (1u32 << e as u32) != 0 {
                return None;
            }
            let v = *(*mt).get_shortstr(self.tmname[e as usize]);
            if v.is_nil() {
                (*mt).flags |= 1u32 << e as u32;
                None
            } else {
                Some(v)
            }
        }
    }

    /// Calls `f(p1, p2)` and returns its first result (`luaT_callTMres`).
    pub fn call_tm_res(&mut self, f: Value, p1: Value, p2: Value) -> Result<Value, Throw> {
        self.check_stack(3)?;
        let func = self.top;
        self.stack[func] = f;
        self.stack[func + 1] = p1;
        self.stack[func + 2] = p2;
        self.top = func + 3;
        self.call(func, 1)?;
        self.top -= 1;
        Ok(self.stack[self.top])
    }

    /// Calls `f(p1, p2, p3)` with no results (`luaT_callTM`).
    pub fn call_tm(&mut self, f: Value, p1: Value, p2: Value, p3: Value) -> Result<(), Throw> {
        self.check_stack(4)?;
        let func = self.top;
        self.stack[func] = f;
        self.stack[func + 1] = p1;
        self.stack[func + 2] = p2;
        self.stack[func + 3] = p3;
        self.top = func + 4;
        self.call(func, 0)
    }

    /// `t[key]` with metamethods (`luaV_finishget` preceded by the fast path).
    pub fn get_value(&mut self, t: Value, key: Value, loc: Loc) -> Result<Value, Throw> {
        if t.tt == T_TABLE {
            // SAFETY: live table.
            let v = unsafe { *(*t.as_table()).get(key, self.heap.seed) };
            if !v.is_nil() {
                return Ok(v);
            }
        }
        self.finish_get(t, key, loc)
    }

    /// `luaV_finishget`: `t` is not a table or `t[key]` is absent.
    #[inline(never)]
    pub fn finish_get(&mut self, mut t: Value, key: Value, mut loc: Loc) -> Result<Value, Throw> {
        // The method cache (`object/mcache.rs`) for short-string keys: `t` itself missed.
        let mt0 = if key.tt == T_SHRSTR {
            self.metatable_of(t)
        } else {
            std::ptr::null_mut()
        };
        if !mt0.is_null() {
            // SAFETY: a live metatable and short string.
            if let Some(v) = unsafe { self.heap.mcache.probe(mt0, key.as_str()) } {
                return Ok(v);
            }
        }
        // The tables of the walk while it is cacheable (metatables and `__index` tables).
        let mut chain = [std::ptr::null_mut::<Table>(); CHAIN_MAX];
        let mut n = if mt0.is_null() { CHAIN_MAX + 1 } else { 0 };
        for _ in 0..MAX_TAG_LOOP {
            let tm;
            let mt;
            if t.tt == T_TABLE {
                // SAFETY: live table.
                mt = unsafe { (*t.as_table()).metatable };
                match self.fast_tm(mt, TM::Index) {
                    None => return Ok(Value::NIL),
                    Some(m) => tm = m,
                }
            } else {
                mt = self.metatable_of(t);
                tm = self.get_tm_by_obj(t, TM::Index);
                if tm.is_nil() {
                    return Err(self.type_error(t, loc, "index"));
                }
            }
            if tm.is_function() {
                return self.call_tm_res(tm, t, key);
            }
            if n + 2 <= CHAIN_MAX && tm.tt == T_TABLE {
                chain[n] = mt;
                chain[n + 1] = tm.as_table();
                n += 2;
            } else {
                n = CHAIN_MAX + 1;
            }
            t = tm;
            loc = Loc::None;
            if t.tt == T_TABLE {
                // SAFETY: live table.
                let slot = unsafe { (*t.as_table()).get(key, self.heap.seed) };
                // SAFETY: `get` returns a valid slot pointer.
                let v = unsafe { *slot };
                if !v.is_nil() {
                    if n <= CHAIN_MAX {
                        // SAFETY: the chain's tables are live; `slot` is a hash node of
                        // the last one (short-string keys live in the hash part).
                        unsafe {
                            for &c in &chain[..n] {
                                (*c).extra |= PROTO;
                            }
                            self.heap.mcache.fill(mt0, key.as_str(), slot);
                        }
                    }
                    return Ok(v);
                }
            }
        }
        Err(self.rt_error("'__index' chain too long; possible loop"))
    }

    /// `t[key] = val` with metamethods.
    pub fn set_value(&mut self, t: Value, key: Value, val: Value, loc: Loc) -> Result<(), Throw> {
        if t.tt == T_TABLE {
            // SAFETY: live table; the slot is written before anything can resize it.
            unsafe {
                let slot = (*t.as_table()).get(key, self.heap.seed) as *mut Value;
                if !(*slot).is_nil() {
                    (*t.as_table()).note_store(&mut self.heap, key);
                    set_slot(slot, val);
                    return Ok(());
                }
            }
        }
        self.finish_set(t, key, val, loc)
    }

    /// `luaV_finishset`: `t` is not a table or `t[key]` is empty.
    #[inline(never)]
    pub fn finish_set(
        &mut self,
        mut t: Value,
        key: Value,
        val: Value,
        mut loc: Loc,
    ) -> Result<(), Throw> {
        for _ in 0..MAX_TAG_LOOP {
            let tm;
            if t.tt == T_TABLE {
                let h = t.as_table();
                // SAFETY: live table.
                match self.fast_tm(unsafe { (*h).metatable }, TM::NewIndex) {
                    None => {
                        // SAFETY: live table; `slot` is re-read right before writing.
                        let r = unsafe {
                            let slot = (*h).get(key, self.heap.seed);
                            if slot == &NIL as *const Value {
                                (*h).new_key(&mut self.heap, key, val)
                            } else {
                                set_slot(slot as *mut Value, val);
                                (*h).key_added(&mut self.heap);
                                Ok(())
                            }
                        };
                        return r.map_err(|e| self.table_error(e));
                    }
                    Some(m) => tm = m,
                }
            } else {
                tm = self.get_tm_by_obj(t, TM::NewIndex);
                if tm.is_nil() {
                    return Err(self.type_error(t, loc, "index"));
                }
            }
            if tm.is_function() {
                return self.call_tm(tm, t, key, val);
            }
            t = tm;
            loc = Loc::None;
            if t.tt == T_TABLE {
                // SAFETY: live table.
                unsafe {
                    let slot = (*t.as_table()).get(key, self.heap.seed) as *mut Value;
                    if !(*slot).is_nil() {
                        (*t.as_table()).note_store(&mut self.heap, key);
                        set_slot(slot, val);
                        return Ok(());
                    }
                }
            }
        }
        Err(self.rt_error("'__newindex' chain too long; possible loop"))
    }

    /// `luaT_trybinTM` for arithmetic and bitwise events (also the unary ones, called with
    /// `p2 == p1`). Includes the coercion of numeric strings that 5.4's string metatable does.
    #[inline(never)]
    pub fn arith_tm(
        &mut self,
        p1: Value,
        l1: Loc,
        p2: Value,
        l2: Loc,
        event: TM,
    ) -> Result<Value, Throw> {
        let mut tm = self.get_tm_by_obj(p1, event);
        if tm.is_nil() {
            tm = self.get_tm_by_obj(p2, event);
        }
        if !tm.is_nil() {
            return self.call_tm_res(tm, p1, p2);
        }
        if arith::is_bitwise(event) {
            if p1.is_number() && p2.is_number() {
                let (v, l) = if arith::to_int_ns(p1).is_none() {
                    (p1, l1)
                } else {
                    (p2, l2)
                };
                let vi = self.varinfo(v, l);
                return Err(self.rt_error(&format!("number{} has no integer representation", vi)));
            }
            return Err(self.op_int_error(p1, l1, p2, l2, "perform bitwise operation on"));
        }
        if p1.is_str() || p2.is_str() {
            // What the string library's arithmetic metamethods do.
            if let (Some(n1), Some(n2)) = (to_number_value(p1), to_number_value(p2)) {
                return match arith::raw_arith(event, n1, n2) {
                    Some(Ok(v)) => Ok(v),
                    // Raised inside the string library's metamethod (a native frame):
                    // lua5.4 reports it without position.
                    Some(Err(msg)) => {
                        let m = self.new_str(msg.as_bytes())?;
                        Err(self.throw_value(m))
                    }
                    None => Err(self.op_int_error(p1, l1, p2, l2, "perform arithmetic on")),
                };
            }
            if !p2.is_str() {
                let tm2 = self.get_tm_by_obj(p2, event);
                if !tm2.is_nil() {
                    return self.call_tm_res(tm2, p1, p2);
                }
            }
            let msg = format!(
                "attempt to {} a '{}' with a '{}'",
                &event.name()[2..],
                p1.type_name(),
                p2.type_name()
            );
            return Err(self.rt_error(&msg));
        }
        Err(self.op_int_error(p1, l1, p2, l2, "perform arithmetic on"))
    }

    /// `luaG_opinterror`: blames the first operand that is not a number.
    pub fn op_int_error(&mut self, p1: Value, l1: Loc, p2: Value, l2: Loc, msg: &str) -> Throw {
        if !p1.is_number() {
            self.type_error(p1, l1, msg)
        } else {
            self.type_error(p2, l2, msg)
        }
    }

    /// `#v` (`luaV_objlen`).
    pub fn obj_len(&mut self, v: Value, loc: Loc) -> Result<Value, Throw> {
        let tm;
        match v.tt {
            T_TABLE => {
                let h = v.as_table();
                // SAFETY: live table.
                match self.fast_tm(unsafe { (*h).metatable }, TM::Len) {
                    None => return Ok(Value::int(unsafe { (*h).length() } as i64)),
                    Some(m) => tm = m,
                }
            }
            T_SHRSTR | T_LNGSTR => return Ok(Value::int(v.str_bytes().len() as i64)),
            _ => {
                tm = self.get_tm_by_obj(v, TM::Len);
                if tm.is_nil() {
                    return Err(self.type_error(v, loc, "get length of"));
                }
            }
        }
        self.call_tm_res(tm, v, v)
    }

    /// `luaV_equalobj` with `__eq`.
    pub fn equal_obj(&mut self, t1: Value, t2: Value) -> Result<bool, Throw> {
        if t1.tt != t2.tt || (t1.tt != T_TABLE && t1.tt != T_UDATA) {
            return Ok(t1.raw_eq(t2));
        }
        if t1.v == t2.v {
            return Ok(true);
        }
        // Both are live tables or both live userdata.
        let tm = match self.fast_tm(self.metatable_of(t1), TM::Eq) {
            Some(m) => m,
            None => match self.fast_tm(self.metatable_of(t2), TM::Eq) {
                Some(m) => m,
                None => return Ok(false),
            },
        };
        Ok(!self.call_tm_res(tm, t1, t2)?.is_falsy())
    }

    /// Converts a number in stack slot `i` to a string in place (`luaO_tostring`); true if
    /// the slot now holds a string.
    pub fn tostring_slot(&mut self, i: usize) -> Result<bool, Throw> {
        let v = self.stack[i];
        if v.is_str() {
            return Ok(true);
        }
        if !v.is_number() {
            return Ok(false);
        }
        let mut b = crate::stdlib::string::take_buf();
        arith::fmt_number(v, &mut b);
        let r = self.new_str(&b);
        crate::stdlib::string::give_buf(b);
        self.stack[i] = r?;
        Ok(true)
    }

    /// `luaV_concat`: concatenates the `total` values below `top`, leaving the result in
    /// the first of them and `top` just above it.
    pub fn concat(&mut self, mut total: usize) -> Result<(), Throw> {
        while total > 1 {
            let top = self.top;
            let mut n = 2;
            let a = self.stack[top - 2];
            let b = self.stack[top - 1];
            let convertible = |v: Value| v.is_str() || v.is_number();
            if !convertible(a) || !convertible(b) {
                let mut tm = self.get_tm_by_obj(a, TM::Concat);
                if tm.is_nil() {
                    tm = self.get_tm_by_obj(b, TM::Concat);
                }
                if tm.is_nil() {
                    let (v, l) = if convertible(a) {
                        (b, top - 1)
                    } else {
                        (a, top - 2)
                    };
                    return Err(self.type_error(v, Loc::Stack(l), "concatenate"));
                }
                let r = self.call_tm_res(tm, a, b)?;
                self.stack[top - 2] = r;
            } else if b.is_str() && b.str_bytes().is_empty() {
                self.tostring_slot(top - 2)?;
            } else if a.is_str() && a.str_bytes().is_empty() {
                self.tostring_slot(top - 1)?;
                self.stack[top - 2] = self.stack[top - 1];
            } else {
                // Collect as many string-convertible values as possible. Numbers are
                // formatted straight into the result (PUC converts them to string objects in
                // their slots first; those temporaries are not observable).
                n = 1;
                let (mut tl, mut nums) = (0usize, 0usize);
                while n <= total {
                    let v = self.stack[top - n];
                    if v.is_str() {
                        tl = tl.saturating_add(v.str_bytes().len());
                    } else if v.is_number() {
                        nums += 1;
                    } else {
                        break;
                    }
                    n += 1;
                }
                n -= 1;
                // A number takes at most 64 bytes; beyond this bound the exact check of the
                // general path decides whether the length overflows.
                if tl.saturating_add(nums * 64) >= crate::object::string::MAX_STRING_LEN {
                    n = self.concat_checked(top, total)?;
                } else {
                    let mut buf = crate::stdlib::string::take_buf();
                    if buf.try_reserve(tl + nums * 24).is_err() {
                        return Err(self.mem_error());
                    }
                    for j in (1..=n).rev() {
                        let v = self.stack[top - j];
                        if v.is_str() {
                            buf.extend_from_slice(v.str_bytes());
                        } else {
                            arith::fmt_number(v, &mut buf);
                        }
                    }
                    if !self.heap.can_alloc(buf.len()) {
                        return Err(self.mem_error());
                    }
                    let r = self.new_str(&buf);
                    crate::stdlib::string::give_buf(buf);
                    self.stack[top - n] = r?;
                }
            }
            total -= n - 1;
            self.top -= n - 1;
        }
        Ok(())
    }

    /// The collecting step of `concat` with PUC's exact length-overflow check (values
    /// converted in their slots one by one), for results that may come near
    /// `MAX_STRING_LEN`. Returns how many values were joined into slot `top - n`.
    #[cold]
    fn concat_checked(&mut self, top: usize, total: usize) -> Result<usize, Throw> {
        self.tostring_slot(top - 1)?;
        let mut tl = self.stack[top - 1].str_bytes().len();
        let mut n = 1;
        while n < total && self.tostring_slot(top - n - 1)? {
            let l = self.stack[top - n - 1].str_bytes().len();
            if l >= crate::object::string::MAX_STRING_LEN - tl {
                self.top = top - total;
                return Err(self.rt_error("string length overflow"));
            }
            tl += l;
            n += 1;
        }
        let mut buf = Vec::new();
        if !self.heap.can_alloc(tl) || buf.try_reserve_exact(tl).is_err() {
            return Err(self.mem_error());
        }
        for j in (1..=n).rev() {
            buf.extend_from_slice(self.stack[top - j].str_bytes());
        }
        self.stack[top - n] = self.new_str(&buf)?;
        Ok(n)
    }
}
