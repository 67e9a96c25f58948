//! The package library (`loadlib.c` of Lua 5.4.4, as built without dynamic libraries):
//! `require`, `package.{config, cpath, loaded, loadlib, path, preload, searchers, searchpath}`.
//!
//! - `require` and the four searchers are native closures whose upvalue is the `package`
//!   table (as in PUC), so replacing the global `package` does not change what they consult;
//!   `package.searchers` and `package.path`/`cpath` are read at each call.
//! - Searchers: preload (`registry._PRELOAD`), Lua files along `package.path` (loaded through
//!   `State::load_file`, so BOM/shebang/binary handling and messages are `luaL_loadfilex`'s),
//!   and the two C searchers. Crescent cannot load C modules (there is no C API), so it
//!   behaves as a Lua built without `dlopen` support: the C searchers still look along
//!   `package.cpath` (a missing module lists its "no file" lines there, exactly as 5.4), and a
//!   file they do find fails with "dynamic libraries not enabled; check your Lua
//!   installation"; `package.loadlib` returns `nil, that message, "absent"`.
//! - Error messages are built byte for byte as 5.4 builds them ("module 'x' not found:" and
//!   one "\n\t" line per searcher message, `searchpath`'s "no file '...'" lines).
//! - `package.path`/`cpath` come from `LUA_PATH_5_4`/`LUA_PATH` (`LUA_CPATH_5_4`/`LUA_CPATH`),
//!   with ";;" replaced by the default, unless the registry has `LUA_NOENV` set (`-E`);
//!   [`reset_paths`] recomputes them after the CLI sets it.
//!
//! Uses `unsafe` only to read tables and closures behind values.

use crate::object::table::Table;
use crate::stdlib::load::LoadError;
use crate::value::*;
use crate::vm::arith::fmt_number;
use crate::vm::state::State;
use crate::vm::Throw;

type R = Result<usize, Throw>;

/// Directory where the multiarch C module directory of Debian-like systems lives.
#[cfg(target_arch = "x86_64")]
macro_rules! multiarch_cdir {
    () => {
        "/usr/lib/x86_64-linux-gnu/lua/5.4/"
    };
}
#[cfg(target_arch = "aarch64")]
macro_rules! multiarch_cdir {
    () => {
        "/usr/lib/aarch64-linux-gnu/lua/5.4/"
    };
}
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
macro_rules! multiarch_cdir {
    () => {
        "/usr/lib/lua/5.4/"
    };
}

/// `LUA_PATH_DEFAULT` as Debian's lua5.4 has it (PUC's plus `/usr/share/lua/5.4`, where
/// distribution packages put pure-Lua modules, which crescent can load).
pub const PATH_DEFAULT: &str =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;\
/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua";

/// `LUA_CPATH_DEFAULT` as Debian's lua5.4 has it.
pub const CPATH_DEFAULT: &str = concat!(
    "/usr/local/lib/lua/5.4/?.so;",
    multiarch_cdir!(),
    "?.so;/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so"
);

/// `LUA_DIRSEP \n LUA_PATH_SEP \n LUA_PATH_MARK \n LUA_EXEC_DIR \n LUA_IGMARK \n`.
const CONFIG: &[u8] = b"/\n;\n?\n!\n-\n";

/// The message of `lsys_load`/`lsys_sym` in a Lua built without dynamic libraries.
const DLMSG: &[u8] = b"dynamic libraries not enabled; check your Lua installation";

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[("loadlib", ll_loadlib), ("searchpath", ll_searchpath)];
    // Leaves the table pushed (rooted) until `register_lib` pops it.
    let pkg = super::table::new_lib(l, fns)?;
    let pt = pkg.as_table();
    // searchers, each a closure over `package`.
    let searchers = l.new_table();
    l.push(searchers);
    let list: [NativeFn; 4] = [searcher_preload, searcher_lua, searcher_c, searcher_croot];
    for (i, f) in list.iter().enumerate() {
        let c = l.heap.new_nclosure(*f, vec![pkg]);
        l.table_set(
            searchers.as_table(),
            Value::int(i as i64 + 1),
            Value::ncl(c),
        )?;
    }
    set_field(l, pt, b"searchers", searchers)?;
    l.top -= 1;
    set_path(l, pt, b"path", "LUA_PATH", PATH_DEFAULT)?;
    set_path(l, pt, b"cpath", "LUA_CPATH", CPATH_DEFAULT)?;
    let c = l.new_str(CONFIG)?;
    set_field(l, pt, b"config", c)?;
    let loaded = Value::table(l.loaded);
    set_field(l, pt, b"loaded", loaded)?;
    let preload = registry_subtable(l, b"_PRELOAD")?;
    set_field(l, pt, b"preload", preload)?;
    let req = l.heap.new_nclosure(ll_require, vec![pkg]);
    l.set_global("require", Value::ncl(req))?;
    super::table::register_lib(l, "package", pkg)
}

/// Recomputes `package.path` and `package.cpath` (after the registry's `LUA_NOENV` changed).
pub fn reset_paths(l: &mut State) -> Result<(), Throw> {
    let pkg = raw_get_str(l, l.loaded, b"package")?;
    if pkg.tt != T_TABLE {
        return Ok(());
    }
    l.check_stack(1)?;
    l.push(pkg);
    set_path(l, pkg.as_table(), b"path", "LUA_PATH", PATH_DEFAULT)?;
    set_path(l, pkg.as_table(), b"cpath", "LUA_CPATH", CPATH_DEFAULT)?;
    l.top -= 1;
    Ok(())
}

// ------------------------------------------------------------------ helpers

fn set_field(l: &mut State, t: *mut Table, k: &[u8], v: Value) -> Result<(), Throw> {
    let k = l.new_str(k)?;
    l.table_set(t, k, v)
}

/// Raw `t[k]` for a string key.
fn raw_get_str(l: &mut State, t: *mut Table, k: &[u8]) -> Result<Value, Throw> {
    let k = l.new_str(k)?;
    // SAFETY: `t` is a live table.
    Ok(unsafe { *(*t).get(k, l.heap.seed) })
}

/// `luaL_getsubtable(L, LUA_REGISTRYINDEX, name)`.
fn registry_subtable(l: &mut State, name: &[u8]) -> Result<Value, Throw> {
    let reg = l.registry;
    let v = raw_get_str(l, reg, name)?;
    if v.tt == T_TABLE {
        return Ok(v);
    }
    let t = l.new_table();
    set_field(l, reg, name, t)?;
    Ok(t)
}

/// The `package` table: upvalue 1 of the running native closure.
fn package_upvalue(l: &State) -> Value {
    let f = l.stack[l.cis[l.ci].func];
    if f.tt != T_NCL {
        return Value::NIL;
    }
    // SAFETY: the running function is a live native closure.
    let c = unsafe { &*f.as_ncl() };
    c.upvalues.first().copied().unwrap_or(Value::NIL)
}

/// `luaL_error` with a byte message: position of the caller of the running native + `msg`.
fn error_bytes(l: &mut State, msg: &[u8]) -> Throw {
    let mut w = l.where_(1);
    w.extend_from_slice(msg);
    match l.new_str(&w) {
        Ok(v) => l.throw_value(v),
        Err(t) => t,
    }
}

/// Is the registry's `LUA_NOENV` set (`lua -E`)?
fn noenv(l: &mut State) -> Result<bool, Throw> {
    let reg = l.registry;
    Ok(!raw_get_str(l, reg, b"LUA_NOENV")?.is_falsy())
}

fn getenv(name: &str) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    std::env::var_os(name).map(|v| v.into_vec())
}

/// `setpath`: `package[field]` from `ENV_5_4`, then `ENV`, with ";;" replaced by the default.
fn set_path(
    l: &mut State,
    pkg: *mut Table,
    field: &[u8],
    env: &str,
    dft: &str,
) -> Result<(), Throw> {
    let path = getenv(&format!("{env}_5_4")).or_else(|| getenv(env));
    let value = match path {
        Some(p) if !noenv(l)? => expand_default(&p, dft.as_bytes()),
        _ => dft.as_bytes().to_vec(),
    };
    let v = l.new_str(&value)?;
    set_field(l, pkg, field, v)
}

/// Replaces the first ";;" of `path` with ";default;" (no separator at either end).
fn expand_default(path: &[u8], dft: &[u8]) -> Vec<u8> {
    let Some(m) = path.windows(2).position(|w| w == b";;") else {
        return path.to_vec();
    };
    let mut out = Vec::with_capacity(path.len() + dft.len() + 2);
    if m > 0 {
        out.extend_from_slice(&path[..m]);
        out.push(b';');
    }
    out.extend_from_slice(dft);
    if m + 2 < path.len() {
        out.push(b';');
        out.extend_from_slice(&path[m + 2..]);
    }
    out
}

/// Plain replacement of every occurrence of `pat` (non-empty) in `s` (`luaL_gsub`).
fn gsub(s: &[u8], pat: &[u8], rep: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if !pat.is_empty() && s[i..].starts_with(pat) {
            out.extend_from_slice(rep);
            i += pat.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// The C-string view of Lua bytes (what PUC's C code sees: up to the first NUL).
fn cbytes(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(n) => &b[..n],
        None => b,
    }
}

/// `readable`: the file can be opened for reading.
fn readable(name: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    !name.is_empty() && std::fs::File::open(std::ffi::OsStr::from_bytes(name)).is_ok()
}

/// `searchpath`: the first readable file of `path` with `name` in place of each '?', or the
/// "no file '...'" message listing every candidate.
fn search_path(name: &[u8], path: &[u8], sep: &[u8], dirsep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = cbytes(name);
    let path = cbytes(path);
    let sep = cbytes(sep);
    // `strchr(name, *sep)`, then `luaL_gsub(name, sep, dirsep)`.
    let name = if !sep.is_empty() && name.contains(&sep[0]) {
        gsub(name, sep, cbytes(dirsep))
    } else {
        name.to_vec()
    };
    let full = gsub(path, b"?", &name);
    if !full.is_empty() {
        for f in full.split(|&c| c == b';') {
            if readable(f) {
                return Ok(f.to_vec());
            }
        }
    }
    let mut msg = b"no file '".to_vec();
    msg.extend_from_slice(&gsub(&full, b";", b"'\n\tno file '"));
    msg.push(b'\'');
    Err(msg)
}

/// `findfile`: searches `package[pname]` (which must be a string) for `name`.
fn find_file(l: &mut State, name: &[u8], pname: &str) -> Result<Result<Vec<u8>, Vec<u8>>, Throw> {
    let pkg = package_upvalue(l);
    let path = if pkg.tt == T_TABLE {
        raw_get_str(l, pkg.as_table(), pname.as_bytes())?
    } else {
        Value::NIL
    };
    let path = if path.is_str() {
        path.str_bytes().to_vec()
    } else if path.is_number() {
        let mut b = Vec::new();
        fmt_number(path, &mut b);
        b
    } else {
        return Err(error_bytes(
            l,
            format!("'package.{pname}' must be a string").as_bytes(),
        ));
    };
    Ok(search_path(name, &path, b".", b"/"))
}

fn push_bytes(l: &mut State, b: &[u8]) -> Result<(), Throw> {
    let s = l.new_str(b)?;
    l.push(s);
    Ok(())
}

/// `checkload` failure: "error loading module 'name' from file 'file':\n\tmsg".
fn load_error(l: &mut State, name: &[u8], file: &[u8], msg: &[u8]) -> Throw {
    let mut m = b"error loading module '".to_vec();
    m.extend_from_slice(cbytes(name));
    m.extend_from_slice(b"' from file '");
    m.extend_from_slice(file);
    m.extend_from_slice(b"':\n\t");
    m.extend_from_slice(msg);
    error_bytes(l, &m)
}

// ------------------------------------------------------------------ package functions

/// `package.loadlib(path, funcname)`: always `nil, DLMSG, "absent"` (no dynamic libraries).
fn ll_loadlib(l: &mut State) -> R {
    l.check_string(1)?;
    l.check_string(2)?;
    l.push(Value::NIL);
    push_bytes(l, DLMSG)?;
    push_bytes(l, b"absent")?;
    Ok(3)
}

/// `package.searchpath(name, path [, sep [, rep]])`.
fn ll_searchpath(l: &mut State) -> R {
    // lua5.4 (gcc) evaluates the C arguments right to left: the last one is checked first.
    let rep = l.opt_string(4)?;
    let sep = l.opt_string(3)?;
    let path = l.check_string(2)?;
    let name = l.check_string(1)?;
    let sep: &[u8] = sep.map(|s| s.str_bytes()).unwrap_or(b".");
    let rep: &[u8] = rep.map(|s| s.str_bytes()).unwrap_or(b"/");
    match search_path(name.str_bytes(), path.str_bytes(), sep, rep) {
        Ok(f) => {
            push_bytes(l, &f)?;
            Ok(1)
        }
        Err(msg) => {
            l.push(Value::NIL);
            push_bytes(l, &msg)?;
            Ok(2)
        }
    }
}

// ------------------------------------------------------------------ searchers

fn searcher_preload(l: &mut State) -> R {
    let name = l.check_string(1)?;
    let preload = {
        let reg = l.registry;
        raw_get_str(l, reg, b"_PRELOAD")?
    };
    let f = if preload.tt == T_TABLE {
        let k = l.new_str(cbytes(name.str_bytes()))?;
        // SAFETY: live table.
        unsafe { *(*preload.as_table()).get(k, l.heap.seed) }
    } else {
        Value::NIL
    };
    l.check_stack(2)?;
    if f.is_nil() {
        let mut m = b"no field package.preload['".to_vec();
        m.extend_from_slice(cbytes(name.str_bytes()));
        m.extend_from_slice(b"']");
        push_bytes(l, &m)?;
        return Ok(1);
    }
    l.push(f);
    push_bytes(l, b":preload:")?;
    Ok(2)
}

fn searcher_lua(l: &mut State) -> R {
    let name = l.check_string(1)?;
    let file = match find_file(l, name.str_bytes(), "path")? {
        Ok(f) => f,
        Err(msg) => {
            push_bytes(l, &msg)?;
            return Ok(1);
        }
    };
    l.check_stack(2)?;
    match l.load_file(Some(&file), None) {
        Ok(f) => {
            l.push(f);
            push_bytes(l, &file)?;
            Ok(2)
        }
        Err(LoadError::Msg(m)) => Err(load_error(l, name.str_bytes(), &file, &m)),
        Err(LoadError::Raised) => {
            let e = l.err_value;
            let m = if e.is_str() {
                e.str_bytes().to_vec()
            } else {
                Vec::new()
            };
            Err(load_error(l, name.str_bytes(), &file, &m))
        }
    }
}

fn searcher_c(l: &mut State) -> R {
    let name = l.check_string(1)?;
    match find_file(l, name.str_bytes(), "cpath")? {
        Ok(file) => Err(load_error(l, name.str_bytes(), &file, DLMSG)),
        Err(msg) => {
            push_bytes(l, &msg)?;
            Ok(1)
        }
    }
}

fn searcher_croot(l: &mut State) -> R {
    let name = l.check_string(1)?;
    let nb = cbytes(name.str_bytes());
    let Some(p) = nb.iter().position(|&c| c == b'.') else {
        return Ok(0); // a root name: nothing to search
    };
    let root = nb[..p].to_vec();
    match find_file(l, &root, "cpath")? {
        // The library cannot be loaded: a "real error", as `loadfunc` reports it.
        Ok(file) => Err(load_error(l, name.str_bytes(), &file, DLMSG)),
        Err(msg) => {
            push_bytes(l, &msg)?;
            Ok(1)
        }
    }
}

// ------------------------------------------------------------------ require

/// `findloader`: calls each searcher until one returns a function; leaves the loader and its
/// data at the top of the stack. Returns their stack index.
fn find_loader(l: &mut State, name: Value) -> Result<usize, Throw> {
    let pkg = package_upvalue(l);
    let searchers = if pkg.tt == T_TABLE {
        raw_get_str(l, pkg.as_table(), b"searchers")?
    } else {
        Value::NIL
    };
    if searchers.tt != T_TABLE {
        return Err(error_bytes(l, b"'package.searchers' must be a table"));
    }
    // Keep the searchers table rooted while searchers run.
    l.check_stack(4)?;
    l.push(searchers);
    let mut msg: Vec<u8> = Vec::new();
    let mut i = 1i64;
    loop {
        msg.extend_from_slice(b"\n\t");
        // SAFETY: live table (rooted on the stack).
        let s = unsafe { *(*searchers.as_table()).get_int(i) };
        if s.is_nil() {
            msg.truncate(msg.len() - 2);
            let mut m = b"module '".to_vec();
            m.extend_from_slice(cbytes(name.str_bytes()));
            m.extend_from_slice(b"' not found:");
            m.extend_from_slice(&msg);
            return Err(error_bytes(l, &m));
        }
        l.check_stack(3)?;
        let f = l.top;
        l.push(s);
        l.push(name);
        l.call(f, 2)?;
        let (r1, r2) = (l.stack[f], l.stack[f + 1]);
        if r1.is_function() {
            let _ = r2;
            return Ok(f);
        } else if r1.is_str() {
            msg.extend_from_slice(r1.str_bytes());
        } else if r1.is_number() {
            fmt_number(r1, &mut msg);
        } else {
            msg.truncate(msg.len() - 2);
        }
        l.top = f;
        i += 1;
    }
}

/// `require(name)`: `package.loaded[name]` if true, else the first loader found is called
/// with `(name, loaderdata)`; returns the module value and the loader data.
fn ll_require(l: &mut State) -> R {
    let name = l.check_string(1)?;
    l.top = l.base() + 1;
    let loaded = l.loaded;
    let key = l.new_str(cbytes(name.str_bytes()))?;
    l.check_stack(6)?;
    l.push(key); // keep the key rooted
                 // SAFETY: `loaded` is the live registry._LOADED table.
    let v = unsafe { *(*loaded).get(key, l.heap.seed) };
    if !v.is_falsy() {
        l.push(v);
        return Ok(1);
    }
    let f = find_loader(l, name)?;
    // stack: key, [searchers], loader, data
    let (loader, data) = (l.stack[f], l.stack[f + 1]);
    l.check_stack(4)?;
    let c = l.top;
    l.push(loader);
    l.push(name);
    l.push(data);
    l.call(c, 1)?;
    let r = l.stack[c];
    if !r.is_nil() {
        l.table_set(loaded, key, r)?;
    }
    // SAFETY: as above.
    let mut m = unsafe { *(*loaded).get(key, l.heap.seed) };
    if m.is_nil() {
        m = Value::bool(true);
        l.table_set(loaded, key, m)?;
    }
    l.top = c;
    l.push(m);
    l.push(data);
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_expansion() {
        let d = b"D";
        assert_eq!(expand_default(b"a;;b", d), b"a;D;b");
        assert_eq!(expand_default(b";;", d), b"D");
        assert_eq!(expand_default(b";;b", d), b"D;b");
        assert_eq!(expand_default(b"a;;", d), b"a;D");
        assert_eq!(expand_default(b"a;b", d), b"a;b");
    }

    #[test]
    fn not_found_lines() {
        let e = search_path(b"a.b", b"./?.lua;?.luac", b".", b"/").unwrap_err();
        assert_eq!(e, b"no file './a/b.lua'\n\tno file 'a/b.luac'");
        assert_eq!(
            search_path(b"x", b"", b".", b"/").unwrap_err(),
            b"no file ''"
        );
    }
}
