//! Calls and returns: `luaD_precall` (Lua frames pushed without Rust recursion, natives run
//! directly), `luaD_poscall`/`moveresults`, `__call` resolution, re-entrant calls from Rust
//! with the C-call depth limit, protected calls, varargs (`luaT_adjustvarargs`,
//! `luaT_getvarargs`) and the numeric `for` preparation. Uses `unsafe` to read closures.

use crate::gc;
use crate::value::*;
use crate::vm::arith::{to_integer, to_number, F2I};
use crate::vm::state::{CallInfo, State, CIST_C, CIST_FRESH};
use crate::vm::*;

impl State {
    #[inline(always)]
    pub fn push_ci(&mut self, c: CallInfo) -> usize {
        self.ci += 1;
        if self.ci < self.cis.len() {
            // SAFETY: index checked against the length.
            unsafe { *self.cis.get_unchecked_mut(self.ci) = c };
        } else {
            self.cis.push(c);
        }
        self.ci
    }

    /// Prepares a call of the value at `func` with arguments up to `top`. A Lua function
    /// gets a new frame (returned, not yet run); a native one is run to completion (`None`).
    pub fn precall(&mut self, mut func: usize, nresults: i32) -> Result<Option<usize>, Throw> {
        loop {
            let f = self.stack[func];
            match f.tt {
                T_LCL => {
                    // SAFETY: Lua closure values point at live closures and protos.
                    let p = unsafe { &*(*f.as_lcl()).proto };
                    let fsize = p.maxstack as usize;
                    let nfix = p.numparams as usize;
                    self.check_stack(fsize)?;
                    let mut narg = self.top - func - 1;
                    while narg < nfix {
                        self.stack[func + 1 + narg] = Value::NIL;
                        narg += 1;
                    }
                    self.top = func + 1 + narg;
                    let ci = self.push_ci(CallInfo {
                        func,
                        top: func + 1 + fsize,
                        savedpc: 0,
                        nresults,
                        status: 0,
                        nextraargs: 0,
                    });
                    return Ok(Some(ci));
                }
                T_LCF | T_NCL => {
                    self.call_native(func, nresults, f)?;
                    return Ok(None);
                }
                _ => func = self.try_func_tm(func)?,
            }
        }
    }

    /// Runs a native function (`precallC`) and moves its results.
    #[inline]
    pub fn call_native(&mut self, func: usize, nresults: i32, f: Value) -> Result<usize, Throw> {
        self.check_stack(MIN_STACK)?;
        let ci = self.push_ci(CallInfo {
            func,
            top: self.top + MIN_STACK,
            savedpc: 0,
            nresults,
            status: CIST_C,
            nextraargs: 0,
        });
        let fp: NativeFn = if f.tt == T_LCF {
            f.as_lcf()
        } else {
            // SAFETY: native closure values point at live closures.
            unsafe { (*f.as_ncl()).f }
        };
        // Debug hooks (crate::vm::hooks): call and return events.
        if self.th.hookmask & crate::vm::hooks::MASK_CALL != 0 {
            crate::vm::hooks::hook_native_call(self, ci)?;
        }
        let n = fp(self)?;
        if self.th.hookmask != 0 {
            crate::vm::hooks::hook_ret(self, ci, n)?;
        }
        self.poscall(ci, n);
        gc::check_gc(self);
        Ok(n)
    }

    /// Inserts the `__call` metamethod of the value at `func` below it (`luaD_tryfuncTM`).
    pub fn try_func_tm(&mut self, func: usize) -> Result<usize, Throw> {
        self.check_stack(1)?;
        let tm = self.get_tm_by_obj(self.stack[func], TM::Call);
        if tm.is_nil() {
            return Err(self.call_error(func));
        }
        let mut p = self.top;
        while p > func {
            self.stack[p] = self.stack[p - 1];
            p -= 1;
        }
        self.top += 1;
        self.stack[func] = tm;
        Ok(func)
    }

    /// Moves `nres` results from the top to the frame's function slot and pops the frame.
    #[inline(always)]
    pub fn poscall(&mut self, ci: usize, nres: usize) {
        let c = self.cis[ci];
        self.move_results(c.func, nres, c.nresults);
        self.ci = ci - 1;
    }

    #[inline(always)]
    pub fn move_results(&mut self, res: usize, nres: usize, wanted: i32) {
        match wanted {
            0 => {
                self.top = res;
            }
            1 => {
                self.stack[res] = if nres == 0 {
                    Value::NIL
                } else {
                    self.stack[self.top - nres]
                };
                self.top = res + 1;
            }
            _ => {
                let wanted = if wanted == MULTRET {
                    nres
                } else {
                    wanted as usize
                };
                let first = self.top - nres;
                let n = nres.min(wanted);
                // One bounds check for the whole move (the results end at `top`; `res` is
                // below `first`, so copying upwards reads each value before it is overwritten).
                assert!(first + n <= self.stack.len() && res + wanted <= self.stack.len());
                let p = self.stack.as_mut_ptr();
                // SAFETY: every index is in bounds (asserted above).
                unsafe {
                    for i in 0..n {
                        *p.add(res + i) = *p.add(first + i);
                    }
                    for i in n..wanted {
                        *p.add(res + i) = Value::NIL;
                    }
                }
                self.top = res + wanted;
            }
        }
    }

    /// Calls the value at `func` from Rust (`luaD_call`), re-entering the interpreter for
    /// Lua functions. Bounded by `MAX_CCALLS` nested re-entries.
    pub fn call(&mut self, func: usize, nresults: i32) -> Result<(), Throw> {
        self.n_ccalls += 1;
        if self.n_ccalls >= MAX_CCALLS {
            self.check_cstack()?;
        }
        // Lua called from a native frame is not yieldable unless the native asked
        // (`crate::vm::coro`); the count is restored on errors too.
        let ny = crate::vm::coro::enter_call(self);
        let r = match self.precall(func, nresults) {
            Ok(Some(ci)) => {
                self.cis[ci].status |= CIST_FRESH;
                crate::jit::execute_fresh(self, ci)
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        self.th.nny -= ny;
        r?;
        self.n_ccalls -= 1;
        Ok(())
    }

    #[cold]
    fn check_cstack(&mut self) -> Result<(), Throw> {
        if self.n_ccalls == MAX_CCALLS {
            Err(self.rt_error("C stack overflow"))
        } else if self.n_ccalls >= MAX_CCALLS / 10 * 11 {
            Err(self.throw_errerr())
        } else {
            Ok(())
        }
    }

    /// Protected call of the value at `func` (`luaD_pcall`). On error the error value is
    /// left at `func` and `top` is `func + 1`. `errfunc` is the handler's stack index or 0.
    pub fn pcall(&mut self, func: usize, nresults: i32, errfunc: usize) -> Status {
        let old_ci = self.ci;
        let old_nc = self.n_ccalls;
        let old_errfunc = self.errfunc;
        self.errfunc = errfunc;
        let status = match self.call(func, nresults) {
            Ok(()) => Status::Ok,
            Err(Throw) => {
                self.ci = old_ci;
                self.n_ccalls = old_nc;
                let st = self.close_protected(func, self.err_status);
                self.stack[func] = self.err_value;
                self.top = func + 1;
                self.shrink_stack();
                st
            }
        };
        self.errfunc = old_errfunc;
        status
    }

    /// `luaT_adjustvarargs`: moves the function and fixed parameters above the actual
    /// arguments so the extra ones stay below the frame.
    pub fn adjust_varargs(&mut self, ci: usize, nfix: usize, maxstack: usize) -> Result<(), Throw> {
        let func = self.cis[ci].func;
        let actual = self.top - func - 1;
        let nextra = actual - nfix;
        self.cis[ci].nextraargs = nextra as u32;
        self.check_stack(maxstack + 1)?;
        let t = self.top;
        self.stack[t] = self.stack[func];
        for i in 1..=nfix {
            self.stack[t + i] = self.stack[func + i];
            self.stack[func + i] = Value::NIL;
        }
        self.top = t + 1 + nfix;
        self.cis[ci].func += actual + 1;
        self.cis[ci].top += actual + 1;
        Ok(())
    }

    /// `luaT_getvarargs`: copies `wanted` (or all, if negative) varargs to `dest`.
    pub fn get_varargs(&mut self, ci: usize, dest: usize, wanted: i32) -> Result<(), Throw> {
        let nextra = self.cis[ci].nextraargs as usize;
        let wanted = if wanted < 0 {
            self.top = dest;
            self.check_stack(nextra)?;
            self.top = dest + nextra;
            nextra
        } else {
            wanted as usize
        };
        let func = self.cis[ci].func;
        let n = wanted.min(nextra);
        for i in 0..n {
            self.stack[dest + i] = self.stack[func - nextra + i];
        }
        for i in n..wanted {
            self.stack[dest + i] = Value::NIL;
        }
        Ok(())
    }

    /// `forprep`: prepares a numeric loop at stack index `ra`; true to skip the loop.
    pub fn for_prep(&mut self, ra: usize) -> Result<bool, Throw> {
        let init = self.stack[ra];
        let plimit = self.stack[ra + 1];
        let pstep = self.stack[ra + 2];
        if init.tt == T_INT && pstep.tt == T_INT {
            let init = init.as_int();
            let step = pstep.as_int();
            if step == 0 {
                return Err(self.rt_error("'for' step is zero"));
            }
            self.stack[ra + 3] = Value::int(init);
            let limit = match self.for_limit(init, plimit, step)? {
                None => return Ok(true),
                Some(l) => l,
            };
            let count = if step > 0 {
                let mut c = (limit as u64).wrapping_sub(init as u64);
                if step != 1 {
                    c /= step as u64;
                }
                c
            } else {
                let c = (init as u64).wrapping_sub(limit as u64);
                c / ((-(step + 1)) as u64 + 1)
            };
            self.stack[ra + 1] = Value::int(count as i64);
        } else {
            let flimit = match to_number(plimit) {
                Some(f) => f,
                None => return Err(self.for_error(plimit, "limit")),
            };
            let step = match to_number(pstep) {
                Some(f) => f,
                None => return Err(self.for_error(pstep, "step")),
            };
            let finit = match to_number(init) {
                Some(f) => f,
                None => return Err(self.for_error(init, "initial")),
            };
            if step == 0.0 {
                return Err(self.rt_error("'for' step is zero"));
            }
            if if 0.0 < step {
                flimit < finit
            } else {
                finit < flimit
            } {
                return Ok(true);
            }
            self.stack[ra + 1] = Value::flt(flimit);
            self.stack[ra + 2] = Value::flt(step);
            self.stack[ra] = Value::flt(finit);
            self.stack[ra + 3] = Value::flt(finit);
        }
        Ok(false)
    }

    /// `forlimit`: the integer limit, or `None` to skip the loop.
    fn for_limit(&mut self, init: i64, lim: Value, step: i64) -> Result<Option<i64>, Throw> {
        let mode = if step < 0 { F2I::Ceil } else { F2I::Floor };
        let l = match to_integer(lim, mode) {
            Some(l) => l,
            None => {
                let flim = match to_number(lim) {
                    Some(f) => f,
                    None => return Err(self.for_error(lim, "limit")),
                };
                if 0.0 < flim {
                    if step < 0 {
                        return Ok(None);
                    }
                    i64::MAX
                } else {
                    if step > 0 {
                        return Ok(None);
                    }
                    i64::MIN
                }
            }
        };
        Ok(if if step > 0 { init > l } else { init < l } {
            None
        } else {
            Some(l)
        })
    }

    /// `luaG_forerror`.
    fn for_error(&mut self, v: Value, what: &str) -> Throw {
        let t = self.obj_type_name(v);
        let what = if what == "initial" {
            "initial value"
        } else {
            what
        };
        self.rt_error(&format!("bad 'for' {} (number expected, got {})", what, t))
    }
}

/// Whether frame flags mark a native frame.
#[inline(always)]
pub fn is_native(status: u16) -> bool {
    status & CIST_C != 0
}
