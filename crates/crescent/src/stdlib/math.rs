//! The math library (`lmathlib.c` of Lua 5.4.4, built as Debian's lua5.4 with
//! `LUA_COMPAT_MATHLIB`: `atan2`, `cosh`, `sinh`, `tanh`, `pow`, `frexp`, `ldexp`, `log10`
//! are present).
//!
//! Transcendental functions call the C library's (`libm`) own functions so results are
//! bit-identical to lua5.4's. The generator is 5.4's xoshiro256** with its seeding
//! (`{n1, 0xff, n2, 0}` then 16 discarded outputs), float conversion (top 53 bits) and
//! `project` rejection loop, so a seeded sequence matches lua5.4's. Its 256-bit state lives in
//! a 4-slot table shared as the upvalue of `random` and `randomseed` (PUC uses a userdata).
//! Uses `unsafe` to read that table and the running closure.

use crate::value::*;
use crate::vm::arith::{to_integer, F2I};
use crate::vm::state::State;
use crate::vm::Throw;

type R = Result<usize, Throw>;

mod c {
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn asin(x: f64) -> f64;
        pub fn acos(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log2(x: f64) -> f64;
        pub fn log10(x: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn frexp(x: f64, e: *mut i32) -> f64;
        pub fn ldexp(x: f64, e: i32) -> f64;
    }
}

const PI: f64 = std::f64::consts::PI;

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("abs", math_abs),
        ("acos", math_acos),
        ("asin", math_asin),
        ("atan", math_atan),
        ("ceil", math_ceil),
        ("cos", math_cos),
        ("deg", math_deg),
        ("exp", math_exp),
        ("tointeger", math_toint),
        ("floor", math_floor),
        ("fmod", math_fmod),
        ("ult", math_ult),
        ("log", math_log),
        ("max", math_max),
        ("min", math_min),
        ("modf", math_modf),
        ("rad", math_rad),
        ("sin", math_sin),
        ("sqrt", math_sqrt),
        ("tan", math_tan),
        ("type", math_type),
        ("atan2", math_atan),
        ("cosh", math_cosh),
        ("sinh", math_sinh),
        ("tanh", math_tanh),
        ("pow", math_pow),
        ("frexp", math_frexp),
        ("ldexp", math_ldexp),
        ("log10", math_log10),
    ];
    let t = super::table::new_lib(l, fns)?;
    let h = t.as_table();
    let consts = [
        ("pi", Value::flt(PI)),
        ("huge", Value::flt(f64::INFINITY)),
        ("maxinteger", Value::int(i64::MAX)),
        ("mininteger", Value::int(i64::MIN)),
    ];
    for (k, v) in consts {
        let k = l.new_str(k.as_bytes())?;
        l.table_set(h, k, v)?;
    }
    // Random generator state, shared by `random` and `randomseed`.
    let st = l.new_table();
    l.push(st);
    // SAFETY: fresh table, rooted on the stack.
    if let Err(e) = unsafe { (*st.as_table()).resize(&mut l.heap, 4, 0) } {
        return Err(l.table_error(e));
    }
    let (s1, s2) = default_seeds(l);
    set_seed(state_of(st), s1, s2);
    for (name, f) in [
        ("random", math_random as NativeFn),
        ("randomseed", math_randomseed),
    ] {
        let c = l.heap.new_nclosure(f, vec![st]);
        let k = l.new_str(name.as_bytes())?;
        l.table_set(h, k, Value::ncl(c))?;
    }
    l.top -= 1;
    super::table::register_lib(l, "math", t)
}

fn ret(l: &mut State, v: Value) -> R {
    l.push(v);
    Ok(1)
}

fn retf(l: &mut State, f: f64) -> R {
    ret(l, Value::flt(f))
}

/// `pushnumint`: a float that fits an integer becomes one.
/// Library functions that compiled code recognises (by address) and computes inline for
/// number arguments (`crate::jit::compile`): math.floor and math.sqrt.
pub(crate) const JIT_FLOOR: NativeFn = math_floor;
pub(crate) const JIT_SQRT: NativeFn = math_sqrt;

fn numint(d: f64) -> Value {
    if d >= -9223372036854775808.0 && d < 9223372036854775808.0 {
        Value::int(d as i64)
    } else {
        Value::flt(d)
    }
}

fn math_abs(l: &mut State) -> R {
    let v = l.arg(1);
    if v.is_int() {
        return ret(l, Value::int(v.as_int().wrapping_abs()));
    }
    let x = l.check_number(1)?;
    retf(l, x.abs())
}

macro_rules! unary {
    ($name:ident, $f:expr) => {
        fn $name(l: &mut State) -> R {
            let x = l.check_number(1)?;
            #[allow(unused_unsafe)]
            let r = unsafe { $f(x) };
            retf(l, r)
        }
    };
}

unary!(math_sin, c::sin);
unary!(math_cos, c::cos);
unary!(math_tan, c::tan);
unary!(math_asin, c::asin);
unary!(math_acos, c::acos);
unary!(math_exp, c::exp);
unary!(math_sqrt, f64::sqrt);
unary!(math_sinh, c::sinh);
unary!(math_cosh, c::cosh);
unary!(math_tanh, c::tanh);
unary!(math_log10, c::log10);
unary!(math_deg, |x: f64| x * (180.0 / PI));
unary!(math_rad, |x: f64| x * (PI / 180.0));

fn opt_number(l: &mut State, n: usize, d: f64) -> Result<f64, Throw> {
    if l.arg(n).is_nil() {
        Ok(d)
    } else {
        l.check_number(n)
    }
}

fn math_atan(l: &mut State) -> R {
    let y = l.check_number(1)?;
    let x = opt_number(l, 2, 1.0)?;
    // SAFETY: libm call.
    retf(l, unsafe { c::atan2(y, x) })
}

fn math_toint(l: &mut State) -> R {
    let v = l.arg(1);
    match to_integer(v, F2I::Eq) {
        Some(i) => ret(l, Value::int(i)),
        None => {
            l.check_any(1)?;
            ret(l, Value::NIL)
        }
    }
}

fn math_floor(l: &mut State) -> R {
    let v = l.arg(1);
    if v.is_int() {
        return ret(l, v);
    }
    let d = l.check_number(1)?.floor();
    ret(l, numint(d))
}

fn math_ceil(l: &mut State) -> R {
    let v = l.arg(1);
    if v.is_int() {
        return ret(l, v);
    }
    let d = l.check_number(1)?.ceil();
    ret(l, numint(d))
}

fn math_fmod(l: &mut State) -> R {
    let a = l.arg(1);
    let b = l.arg(2);
    if a.is_int() && b.is_int() {
        let d = b.as_int();
        if (d as u64).wrapping_add(1) <= 1 {
            if d == 0 {
                return Err(l.arg_error(2, "zero"));
            }
            return ret(l, Value::int(0));
        }
        return ret(l, Value::int(a.as_int() % d));
    }
    let x = l.check_number(1)?;
    let y = l.check_number(2)?;
    // SAFETY: libm call.
    retf(l, unsafe { c::fmod(x, y) })
}

fn math_modf(l: &mut State) -> R {
    let v = l.arg(1);
    if v.is_int() {
        l.push(v);
        l.push(Value::flt(0.0));
        return Ok(2);
    }
    let n = l.check_number(1)?;
    let ip = if n < 0.0 { n.ceil() } else { n.floor() };
    l.push(numint(ip));
    l.push(Value::flt(if n == ip { 0.0 } else { n - ip }));
    Ok(2)
}

fn math_ult(l: &mut State) -> R {
    let a = l.check_integer(1)?;
    let b = l.check_integer(2)?;
    ret(l, Value::bool((a as u64) < (b as u64)))
}

fn math_log(l: &mut State) -> R {
    let x = l.check_number(1)?;
    // SAFETY: libm calls.
    let res = unsafe {
        if l.arg(2).is_nil() {
            c::log(x)
        } else {
            let base = l.check_number(2)?;
            if base == 2.0 {
                c::log2(x)
            } else if base == 10.0 {
                c::log10(x)
            } else {
                c::log(x) / c::log(base)
            }
        }
    };
    retf(l, res)
}

fn math_pow(l: &mut State) -> R {
    let x = l.check_number(1)?;
    let y = l.check_number(2)?;
    // SAFETY: libm call.
    retf(l, unsafe { c::pow(x, y) })
}

fn math_frexp(l: &mut State) -> R {
    let x = l.check_number(1)?;
    let mut e = 0i32;
    // SAFETY: libm call with a valid out pointer.
    let m = unsafe { c::frexp(x, &mut e) };
    l.push(Value::flt(m));
    l.push(Value::int(e as i64));
    Ok(2)
}

fn math_ldexp(l: &mut State) -> R {
    let x = l.check_number(1)?;
    let e = l.check_integer(2)? as i32;
    // SAFETY: libm call.
    retf(l, unsafe { c::ldexp(x, e) })
}

fn math_min(l: &mut State) -> R {
    let n = l.nargs();
    if n < 1 {
        return Err(l.arg_error(1, "value expected"));
    }
    let mut imin = 1;
    for i in 2..=n {
        let (a, b) = (l.arg(i), l.arg(imin));
        if l.less_than(a, b)? {
            imin = i;
        }
    }
    let v = l.arg(imin);
    ret(l, v)
}

fn math_max(l: &mut State) -> R {
    let n = l.nargs();
    if n < 1 {
        return Err(l.arg_error(1, "value expected"));
    }
    let mut imax = 1;
    for i in 2..=n {
        let (a, b) = (l.arg(imax), l.arg(i));
        if l.less_than(a, b)? {
            imax = i;
        }
    }
    let v = l.arg(imax);
    ret(l, v)
}

fn math_type(l: &mut State) -> R {
    let v = l.arg(1);
    if v.is_number() {
        let s = l.new_str(if v.is_int() { b"integer" } else { b"float" })?;
        return ret(l, s);
    }
    l.check_any(1)?;
    ret(l, Value::NIL)
}

// ------------------------------------------------------------------ xoshiro256**

#[inline(always)]
fn rotl(x: u64, n: u32) -> u64 {
    x.rotate_left(n)
}

#[inline]
pub fn nextrand(s: &mut [u64; 4]) -> u64 {
    let state0 = s[0];
    let state1 = s[1];
    let state2 = s[2] ^ state0;
    let state3 = s[3] ^ state1;
    let res = rotl(state1.wrapping_mul(5), 7).wrapping_mul(9);
    s[0] = state0 ^ state3;
    s[1] = state1 ^ state2;
    s[2] = state2 ^ (state1 << 17);
    s[3] = rotl(state3, 45);
    res
}

/// `I2d`: the top 53 bits as a float in [0, 1).
#[inline]
pub fn i2d(x: u64) -> f64 {
    (x >> 11) as f64 * (0.5 / (1u64 << 52) as f64)
}

/// `project`: `ran` projected into [0, n] without bias.
pub fn project(mut ran: u64, n: u64, s: &mut [u64; 4]) -> u64 {
    if n & n.wrapping_add(1) == 0 {
        return ran & n;
    }
    let mut lim = n;
    lim |= lim >> 1;
    lim |= lim >> 2;
    lim |= lim >> 4;
    lim |= lim >> 8;
    lim |= lim >> 16;
    lim |= lim >> 32;
    loop {
        ran &= lim;
        if ran <= n {
            return ran;
        }
        ran = nextrand(s);
    }
}

pub fn seed_state(n1: u64, n2: u64) -> [u64; 4] {
    let mut s = [n1, 0xff, n2, 0];
    for _ in 0..16 {
        nextrand(&mut s);
    }
    s
}

/// The generator state table of the running `random`/`randomseed` closure.
fn current_state(l: &State) -> *mut Value {
    let f = l.stack[l.cis[l.ci].func];
    // SAFETY: `random`/`randomseed` are native closures whose upvalue 0 is the 4-slot table.
    unsafe { state_of((&(*f.as_ncl()).upvalues)[0]) }
}

fn state_of(t: Value) -> *mut Value {
    // SAFETY: the state table's array part has 4 slots (never resized: Lua cannot reach it).
    unsafe { (*t.as_table()).array }
}

fn load(p: *mut Value) -> [u64; 4] {
    // SAFETY: 4 integer slots.
    unsafe { [(*p).v, (*p.add(1)).v, (*p.add(2)).v, (*p.add(3)).v] }
}

fn store(p: *mut Value, s: &[u64; 4]) {
    for (i, &x) in s.iter().enumerate() {
        // SAFETY: 4 slots.
        unsafe { *p.add(i) = Value::int(x as i64) };
    }
}

fn set_seed(p: *mut Value, n1: u64, n2: u64) {
    store(p, &seed_state(n1, n2));
}

/// `randseed`: the current time and the state's address (as PUC), the address mixed with
/// the clock's nanoseconds so runs differ even without address-space randomization.
fn default_seeds(l: &State) -> (u64, u64) {
    // SAFETY: libc call.
    let t = unsafe { libc::time(std::ptr::null_mut()) } as u64;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    (t, (l as *const State as u64) ^ nanos.rotate_left(32))
}

fn math_random(l: &mut State) -> R {
    let p = current_state(l);
    let mut s = load(p);
    let rv = nextrand(&mut s);
    store(p, &s);
    let (low, up);
    match l.nargs() {
        0 => return retf(l, i2d(rv)),
        1 => {
            low = 1;
            up = l.check_integer(1)?;
            if up == 0 {
                return ret(l, Value::int(rv as i64));
            }
        }
        2 => {
            low = l.check_integer(1)?;
            up = l.check_integer(2)?;
        }
        _ => return Err(l.error_at1("wrong number of arguments")),
    }
    if low > up {
        return Err(l.arg_error(1, "interval is empty"));
    }
    let mut s = load(p);
    let r = project(rv, (up as u64).wrapping_sub(low as u64), &mut s);
    store(p, &s);
    ret(l, Value::int(r.wrapping_add(low as u64) as i64))
}

fn math_randomseed(l: &mut State) -> R {
    let (n1, n2) = if l.nargs() == 0 {
        default_seeds(l)
    } else {
        let n1 = l.check_integer(1)?;
        let n2 = l.opt_integer(2, 0)?;
        (n1 as u64, n2 as u64)
    };
    set_seed(current_state(l), n1, n2);
    l.push(Value::int(n1 as i64));
    l.push(Value::int(n2 as i64));
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_matches_lua54() {
        // lua5.4: math.randomseed(42); print(math.random(1,100), math.random(), math.random(0))
        // --> 50  0.54688311243421  -3807604385970496171
        let mut s = seed_state(42, 0);
        let r = nextrand(&mut s);
        assert_eq!(project(r, 99, &mut s) + 1, 50);
        let f = i2d(nextrand(&mut s));
        assert!((f - 0.54688311243421).abs() < 1e-14);
        assert_eq!(nextrand(&mut s) as i64, -3807604385970496171);
        assert!(i2d(u64::MAX) < 1.0);
        assert_eq!(i2d(0), 0.0);
    }

    #[test]
    fn project_stays_in_range() {
        let mut s = seed_state(1, 2);
        for n in [0u64, 1, 2, 5, 99, 100, 1 << 40, u64::MAX] {
            for _ in 0..100 {
                let r = nextrand(&mut s);
                assert!(project(r, n, &mut s) <= n);
            }
        }
    }
}
