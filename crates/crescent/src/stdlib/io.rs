//! The io library (`liolib.c` of Lua 5.4.4 on POSIX), messages included.
//!
//! File handles are full userdata whose payload is an [`LStream`] (a C `FILE*` plus how to
//! close it, as `luaL_Stream`) and whose metatable is the registry's `FILE*` (`__name`,
//! `__index` = the method table, `__gc`/`__close` closing the file, `__tostring`). Regular
//! files, pipes (`popen`) and `tmpfile` go through the C library's stdio, so buffering,
//! `ungetc` look-ahead for `read("n")`, `seek`/`setvbuf` and the `nil, strerror, errno`
//! results are lua5.4's. The one exception is `io.stdout`: its writes go to the state's
//! buffered `out` writer, the one `print` uses, so `print` and `io.write` interleave and
//! `Lua::set_output` redirects both; its `setvbuf` mode is emulated on that writer (line
//! buffered on a terminal, fully buffered otherwise), and its other operations flush the
//! writer and then use C's `stdout`. Reading from a terminal stdin first flushes that writer
//! (stdio does so for line-buffered output). `io.popen` flushes everything before forking.
//! The default input/output files live in the registry (`_IO_input`, `_IO_output`).
//! Uses `unsafe` for libc calls and for payloads behind values.

use crate::object::table::Table;
use crate::value::*;
use crate::vm::state::State;
use crate::vm::Throw;
use libc::{c_char, c_int, size_t, FILE};
use std::ffi::CString;
use std::io::Write;

type R = Result<usize, Throw>;

extern "C" {
    #[link_name = "stdin"]
    static mut C_STDIN: *mut FILE;
    #[link_name = "stdout"]
    static mut C_STDOUT: *mut FILE;
    #[link_name = "stderr"]
    static mut C_STDERR: *mut FILE;
    fn getc_unlocked(f: *mut FILE) -> c_int;
    fn flockfile(f: *mut FILE);
    fn funlockfile(f: *mut FILE);
    fn fwrite_unlocked(p: *const libc::c_void, size: size_t, n: size_t, f: *mut FILE) -> size_t;
    fn getdelim(line: *mut *mut c_char, n: *mut size_t, delim: c_int, f: *mut FILE) -> isize;
    fn pclose(f: *mut FILE) -> c_int;
    fn ftello(f: *mut FILE) -> libc::off_t;
    fn clearerr_unlocked(f: *mut FILE);
    fn ferror_unlocked(f: *mut FILE) -> c_int;
}

const IO_INPUT: &[u8] = b"_IO_input";
const IO_OUTPUT: &[u8] = b"_IO_output";
const FILEHANDLE: &[u8] = b"FILE*";
/// `LUAL_BUFFERSIZE` (default `setvbuf` size).
const BUFFERSIZE: i64 = 1024;
/// Maximum length of a numeral read by `read("n")` (`L_MAXLENNUM`).
const MAXLENNUM: usize = 200;
/// Maximum number of formats of `lines` (`MAXARGLINE`).
const MAXARGLINE: usize = 250;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CloseF {
    /// `fclose` (io.open, io.tmpfile).
    Fclose,
    /// `pclose` (io.popen).
    Pclose,
    /// Standard files: never closed.
    NoClose,
}

/// The payload of a file handle (`luaL_Stream`).
pub struct LStream {
    f: *mut FILE,
    /// How to close the file; `None` once closed (`isclosed`).
    closef: Option<CloseF>,
    /// `io.stdout`: writes go to the state's shared output writer.
    shared_out: bool,
    /// Buffering mode emulated on the shared writer (`_IONBF`/`_IOLBF`/`_IOFBF`).
    vbuf: c_int,
    /// Reads flush the shared writer first (stdin on a terminal).
    flush_before_read: bool,
    /// `getdelim` buffer (malloc'd), reused across `read("l")` calls.
    line: *mut c_char,
    linecap: size_t,
}

impl LStream {
    fn new(f: *mut FILE, closef: Option<CloseF>) -> LStream {
        LStream {
            f,
            closef,
            shared_out: false,
            vbuf: libc::_IOFBF,
            flush_before_read: false,
            line: std::ptr::null_mut(),
            linecap: 0,
        }
    }
    /// Whether the handle is closed.
    pub fn is_closed(&self) -> bool {
        self.closef.is_none()
    }
}

impl Drop for LStream {
    fn drop(&mut self) {
        // Files are closed by `__gc` before the object is freed; this only covers a handle
        // freed without its finalizer having run.
        // SAFETY: `f` is an open stream owned by this handle; `line` came from getdelim.
        unsafe {
            if !self.f.is_null() {
                match self.closef {
                    Some(CloseF::Fclose) => {
                        libc::fclose(self.f);
                    }
                    Some(CloseF::Pclose) => {
                        pclose(self.f);
                    }
                    _ => {}
                }
            }
            if !self.line.is_null() {
                libc::free(self.line as *mut libc::c_void);
            }
        }
    }
}

pub fn open(l: &mut State) -> Result<(), Throw> {
    let fns: &[(&str, NativeFn)] = &[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ];
    let lib = super::table::new_lib(l, fns)?;
    create_meta(l)?;
    // SAFETY: the C standard streams exist for the whole process.
    let (si, so, se) = unsafe { (C_STDIN, C_STDOUT, C_STDERR) };
    // SAFETY: isatty on the standard descriptors.
    let (tty_in, tty_out) = unsafe { (libc::isatty(0) == 1, libc::isatty(1) == 1) };
    create_std_file(l, lib, si, Some(IO_INPUT), "stdin", |s| {
        s.flush_before_read = tty_in
    })?;
    create_std_file(l, lib, so, Some(IO_OUTPUT), "stdout", |s| {
        s.shared_out = true;
        s.vbuf = if tty_out { libc::_IOLBF } else { libc::_IOFBF };
    })?;
    create_std_file(l, lib, se, None, "stderr", |_| {})?;
    super::table::register_lib(l, "io", lib)
}

fn create_meta(l: &mut State) -> Result<(), Throw> {
    let meths: &[(&str, NativeFn)] = &[
        ("read", f_read),
        ("write", f_write),
        ("lines", f_lines),
        ("flush", f_flush),
        ("seek", f_seek),
        ("close", f_close),
        ("setvbuf", f_setvbuf),
    ];
    let methods = super::table::new_lib(l, meths)?; // pushed: rooted
    let mt = l.new_table();
    l.push(mt);
    let mtt = mt.as_table();
    let name = l.new_str(FILEHANDLE)?;
    set_field(l, mtt, b"__name", name)?;
    set_field(l, mtt, b"__index", methods)?;
    set_field(l, mtt, b"__gc", Value::lcf(f_gc))?;
    set_field(l, mtt, b"__close", Value::lcf(f_gc))?;
    set_field(l, mtt, b"__tostring", Value::lcf(f_tostring))?;
    let reg = l.registry;
    set_field(l, reg, FILEHANDLE, mt)?;
    l.top -= 2;
    Ok(())
}

fn create_std_file(
    l: &mut State,
    lib: Value,
    f: *mut FILE,
    key: Option<&[u8]>,
    fname: &str,
    init: impl FnOnce(&mut LStream),
) -> Result<(), Throw> {
    l.check_stack(2)?;
    let v = new_prefile(l)?;
    l.push(v);
    // SAFETY: the handle was just created with an LStream payload.
    let p = unsafe { stream_of(v).unwrap() };
    p.f = f;
    p.closef = Some(CloseF::NoClose);
    init(p);
    if let Some(k) = key {
        let reg = l.registry;
        set_field(l, reg, k, v)?;
    }
    set_field(l, lib.as_table(), fname.as_bytes(), v)?;
    l.top -= 1;
    Ok(())
}

// ------------------------------------------------------------------ helpers

fn set_field(l: &mut State, t: *mut Table, k: &[u8], v: Value) -> Result<(), Throw> {
    let k = l.new_str(k)?;
    l.table_set(t, k, v)
}

fn reg_get(l: &mut State, k: &[u8]) -> Value {
    match l.heap.strings_lookup(k) {
        // SAFETY: the registry is a live table.
        Some(s) => unsafe { *(*l.registry).get_shortstr(s) },
        None => Value::NIL,
    }
}

fn ret(l: &mut State, v: Value) -> R {
    l.push(v);
    Ok(1)
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn set_errno(e: i32) {
    // SAFETY: errno is thread-local.
    unsafe { *libc::__errno_location() = e };
}

/// A C string from Lua bytes (cut at the first NUL, as C sees them).
fn cstr(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).expect("no interior NUL")
}

/// The stream of a file handle value, if it is one.
///
/// # Safety
/// The returned reference must not outlive the handle (keep it on the stack).
unsafe fn stream_of<'a>(v: Value) -> Option<&'a mut LStream> {
    if !v.is_udata() {
        return None;
    }
    (*v.as_udata()).payload_mut::<LStream>()
}

/// `tolstream`: argument 1 as a file handle (`luaL_checkudata(L, 1, "FILE*")`).
fn tolstream<'a>(l: &mut State) -> Result<&'a mut LStream, Throw> {
    // SAFETY: argument 1 stays on the stack while the native runs.
    match unsafe { stream_of(l.arg(1)) } {
        Some(p) => Ok(p),
        None => Err(l.arg_type_error(1, "FILE*")),
    }
}

/// `tofile`: argument 1 as an open file handle.
fn tofile<'a>(l: &mut State) -> Result<&'a mut LStream, Throw> {
    let p = tolstream(l)?;
    if p.is_closed() {
        return Err(l.error_at1("attempt to use a closed file"));
    }
    Ok(p)
}

/// A closed file handle with the `FILE*` metatable (`newprefile`), not pushed.
fn new_prefile(l: &mut State) -> Result<Value, Throw> {
    let s = LStream::new(std::ptr::null_mut(), None);
    let v = l.new_userdata(Box::new(s), 0, std::mem::size_of::<LStream>())?;
    let mt = reg_get(l, FILEHANDLE);
    if mt.is_table() {
        l.set_udata_metatable(v, mt.as_table());
    }
    Ok(v)
}

/// A handle to be opened with `fclose` as its closer (`newfile`), pushed.
fn new_file<'a>(l: &mut State) -> Result<&'a mut LStream, Throw> {
    l.check_stack(4)?;
    let v = new_prefile(l)?;
    l.push(v);
    // SAFETY: fresh handle, rooted on the stack.
    let p = unsafe { stream_of(v).unwrap() };
    p.closef = Some(CloseF::Fclose);
    Ok(p)
}

/// `luaL_fileresult`.
fn file_result(l: &mut State, ok: bool, en: i32, fname: Option<&[u8]>) -> R {
    super::os::file_result(l, ok, en, fname)
}

/// `opencheck`: opens `fname` or raises "cannot open file"; the handle is pushed.
fn open_check(l: &mut State, fname: &[u8], mode: &[u8]) -> Result<(), Throw> {
    let p = new_file(l)?;
    let (c, m) = (cstr(fname), cstr(mode));
    // SAFETY: valid C strings.
    p.f = unsafe { libc::fopen(c.as_ptr(), m.as_ptr()) };
    if p.f.is_null() {
        let en = errno();
        // SAFETY: strerror returns a C string.
        let e = unsafe { std::ffi::CStr::from_ptr(libc::strerror(en)) }
            .to_string_lossy()
            .into_owned();
        let msg = format!(
            "cannot open file '{}' ({})",
            String::from_utf8_lossy(c.as_bytes()),
            e
        );
        return Err(l.error_at1(&msg));
    }
    Ok(())
}

/// Flushes the shared output writer and every C output stream (`fflush(NULL)`).
pub fn flush_all(l: &mut State) {
    l.flush();
    // SAFETY: fflush(NULL) flushes all open output streams.
    unsafe { libc::fflush(std::ptr::null_mut()) };
}

// ------------------------------------------------------------------ closing

/// `aux_close`: marks the handle closed and runs its closer; results are pushed.
fn aux_close(l: &mut State, p: &mut LStream) -> R {
    let cf = p.closef.take();
    match cf {
        Some(CloseF::Fclose) => {
            // SAFETY: open stream owned by the handle.
            let res = unsafe { libc::fclose(p.f) };
            let en = errno();
            p.f = std::ptr::null_mut();
            file_result(l, res == 0, en, None)
        }
        Some(CloseF::Pclose) => {
            set_errno(0);
            // SAFETY: open pipe owned by the handle.
            let stat = unsafe { pclose(p.f) };
            let en = errno();
            p.f = std::ptr::null_mut();
            super::os::exec_result(l, stat, en)
        }
        Some(CloseF::NoClose) | None => {
            // io_noclose: keep the standard file open.
            p.closef = Some(CloseF::NoClose);
            l.push(Value::NIL);
            let s = l.new_str(b"cannot close standard file")?;
            l.push(s);
            Ok(2)
        }
    }
}

fn f_close(l: &mut State) -> R {
    let p = tofile(l)?;
    aux_close(l, p)
}

fn io_close(l: &mut State) -> R {
    if l.nargs() == 0 {
        let out = reg_get(l, IO_OUTPUT);
        l.push(out);
    }
    f_close(l)
}

fn f_gc(l: &mut State) -> R {
    let p = tolstream(l)?;
    if !p.is_closed() && !p.f.is_null() {
        aux_close(l, p)?;
    }
    Ok(0)
}

fn f_tostring(l: &mut State) -> R {
    let p = tolstream(l)?;
    let s = if p.is_closed() {
        "file (closed)".to_string()
    } else {
        format!("file ({:p})", p.f)
    };
    let v = l.new_str(s.as_bytes())?;
    ret(l, v)
}

fn io_type(l: &mut State) -> R {
    let v = l.check_any(1)?;
    // SAFETY: argument on the stack.
    let r = match unsafe { stream_of(v) } {
        None => Value::NIL,
        Some(p) if p.is_closed() => l.new_str(b"closed file")?,
        Some(_) => l.new_str(b"file")?,
    };
    ret(l, r)
}

// ------------------------------------------------------------------ opening

/// `l_checkmode`: `[rwa]%+?b*`.
fn check_mode(m: &[u8]) -> bool {
    let mut i = 0;
    if i >= m.len() || !b"rwa".contains(&m[i]) {
        return false;
    }
    i += 1;
    if i < m.len() && m[i] == b'+' {
        i += 1;
    }
    m[i..].iter().all(|&c| c == b'b')
}

fn io_open(l: &mut State) -> R {
    let fname = l.check_string(1)?;
    let mode = l.opt_string(2)?;
    let mode: &[u8] = mode.map_or(b"r", |m| m.str_bytes());
    let p = new_file(l)?;
    // A NUL inside the mode ends it for C.
    let mc = cstr(mode);
    if !check_mode(mc.as_bytes()) {
        return Err(l.arg_error(2, "invalid mode"));
    }
    let fc = cstr(fname.str_bytes());
    // SAFETY: valid C strings.
    p.f = unsafe { libc::fopen(fc.as_ptr(), mc.as_ptr()) };
    if p.f.is_null() {
        let en = errno();
        return file_result(l, false, en, Some(fc.as_bytes()));
    }
    Ok(1)
}

fn io_popen(l: &mut State) -> R {
    let cmd = l.check_string(1)?;
    let mode = l.opt_string(2)?;
    let mode: &[u8] = mode.map_or(b"r", |m| m.str_bytes());
    l.check_stack(4)?;
    let v = new_prefile(l)?;
    l.push(v);
    if !(mode == b"r" || mode == b"w") {
        return Err(l.arg_error(2, "invalid mode"));
    }
    // SAFETY: fresh handle on the stack.
    let p = unsafe { stream_of(v).unwrap() };
    flush_all(l);
    let (c, m) = (cstr(cmd.str_bytes()), cstr(mode));
    // SAFETY: valid C strings.
    p.f = unsafe { libc::popen(c.as_ptr(), m.as_ptr()) };
    p.closef = Some(CloseF::Pclose);
    if p.f.is_null() {
        let en = errno();
        return file_result(l, false, en, Some(c.as_bytes()));
    }
    Ok(1)
}

fn io_tmpfile(l: &mut State) -> R {
    let p = new_file(l)?;
    // SAFETY: libc call.
    p.f = unsafe { libc::tmpfile() };
    if p.f.is_null() {
        let en = errno();
        return file_result(l, false, en, None);
    }
    Ok(1)
}

/// `getiofile`: the default input or output stream.
fn get_io_file<'a>(l: &mut State, key: &[u8]) -> Result<(Value, &'a mut LStream), Throw> {
    let v = reg_get(l, key);
    // SAFETY: the registry keeps the default files alive.
    match unsafe { stream_of(v) } {
        Some(p) if !p.is_closed() => Ok((v, p)),
        _ => {
            let what = String::from_utf8_lossy(&key[4..]).into_owned();
            Err(l.error_at1(&format!("default {} file is closed", what)))
        }
    }
}

fn g_iofile(l: &mut State, key: &[u8], mode: &[u8]) -> R {
    let v = l.arg(1);
    if !v.is_nil() {
        if v.is_str() || v.is_number() {
            let fname = l.check_string(1)?;
            open_check(l, fname.str_bytes(), mode)?;
            let h = l.stack[l.top - 1];
            let reg = l.registry;
            set_field(l, reg, key, h)?;
        } else {
            tofile(l)?;
            let reg = l.registry;
            set_field(l, reg, key, v)?;
        }
    }
    let cur = reg_get(l, key);
    ret(l, cur)
}

fn io_input(l: &mut State) -> R {
    g_iofile(l, IO_INPUT, b"r")
}

fn io_output(l: &mut State) -> R {
    g_iofile(l, IO_OUTPUT, b"w")
}

// ------------------------------------------------------------------ lines

/// `aux_lines`: the iteration closure over the handle at argument 1 and the formats after it.
fn aux_lines(l: &mut State, toclose: bool) -> Result<Value, Throw> {
    let n = l.nargs() - 1;
    if n > MAXARGLINE {
        return Err(l.arg_error(MAXARGLINE + 2, "too many arguments"));
    }
    let mut ups = Vec::with_capacity(3 + n);
    ups.push(l.arg(1));
    ups.push(Value::int(n as i64));
    ups.push(Value::bool(toclose));
    for i in 0..n {
        ups.push(l.arg(2 + i));
    }
    let c = l.heap.new_nclosure(io_readline, ups);
    Ok(Value::ncl(c))
}

fn f_lines(l: &mut State) -> R {
    tofile(l)?;
    let it = aux_lines(l, false)?;
    ret(l, it)
}

fn io_lines(l: &mut State) -> R {
    if l.nargs() == 0 {
        l.push(Value::NIL);
    }
    let base = l.base();
    let toclose = if l.arg(1).is_nil() {
        l.stack[base] = reg_get(l, IO_INPUT);
        tofile(l)?;
        false
    } else {
        let fname = l.check_string(1)?;
        open_check(l, fname.str_bytes(), b"r")?;
        l.top -= 1;
        l.stack[base] = l.stack[l.top];
        true
    };
    let it = aux_lines(l, toclose)?;
    l.check_stack(4)?;
    l.push(it);
    if toclose {
        let f = l.stack[base];
        l.push(Value::NIL);
        l.push(Value::NIL);
        l.push(f);
        Ok(4)
    } else {
        Ok(1)
    }
}

/// The iteration function of `lines` (`io_readline`): upvalues are the handle, the number
/// of formats, whether to close the file at the end, and the formats.
fn io_readline(l: &mut State) -> R {
    let fv = l.stack[l.cis[l.ci].func];
    // SAFETY: this function only exists as a native closure made by `aux_lines`.
    let (file, n, toclose) = unsafe {
        let ups = &(*fv.as_ncl()).upvalues;
        (ups[0], ups[1].as_int() as usize, !ups[2].is_falsy())
    };
    // SAFETY: the closure's upvalue keeps the handle alive.
    let p = unsafe { stream_of(file) }.expect("lines handle");
    if p.is_closed() {
        return Err(l.error_at1("file is already closed"));
    }
    // lua_settop(L, 1), then push the formats.
    let base = l.base();
    if l.top == base {
        l.push(Value::NIL);
    }
    l.top = base + 1;
    l.check_stack(n + 3)?;
    for i in 0..n {
        // SAFETY: as above.
        let v = unsafe { (&(*fv.as_ncl()).upvalues)[3 + i] };
        l.push(v);
    }
    let n = g_read(l, p, 2)?;
    let first = l.stack[l.top - n];
    if !first.is_falsy() {
        return Ok(n);
    }
    if n > 1 {
        // Error information: the second result is the message.
        let m = l.stack[l.top - n + 1];
        let msg =
            String::from_utf8_lossy(if m.is_str() { m.str_bytes() } else { b"?" }).into_owned();
        return Err(l.error_at1(&msg));
    }
    if toclose {
        l.top = base;
        l.push(file);
        aux_close(l, p)?;
    }
    Ok(0)
}

// ------------------------------------------------------------------ reading

/// `test_eof`.
fn test_eof(l: &mut State, f: *mut FILE) -> Result<bool, Throw> {
    // SAFETY: open stream.
    let c = unsafe {
        let c = libc::fgetc(f);
        libc::ungetc(c, f);
        c
    };
    let s = l.new_str(b"")?;
    l.push(s);
    Ok(c != libc::EOF)
}

/// `read_line`: one line, without its newline when `chop`.
fn read_line(l: &mut State, p: &mut LStream, chop: bool) -> Result<bool, Throw> {
    // SAFETY: open stream; `line`/`linecap` are the getdelim buffer of this handle.
    let n = unsafe { getdelim(&mut p.line, &mut p.linecap, b'\n' as c_int, p.f) };
    if n <= 0 {
        let s = l.new_str(b"")?;
        l.push(s);
        return Ok(false);
    }
    // SAFETY: getdelim stored `n` bytes in `line`.
    let mut b = unsafe { std::slice::from_raw_parts(p.line as *const u8, n as usize) };
    if chop && b.last() == Some(&b'\n') {
        b = &b[..b.len() - 1];
    }
    let s = l.new_str(b)?;
    l.push(s);
    Ok(true)
}

/// Reads up to `n` bytes (all when `n` is `usize::MAX`); pushes them. True if any was read.
fn read_chars(l: &mut State, f: *mut FILE, n: usize) -> Result<bool, Throw> {
    const CHUNK: usize = 1 << 16;
    let mut buf: Vec<u8> = Vec::with_capacity(n.min(CHUNK));
    loop {
        let want = (n - buf.len()).min(CHUNK);
        if want == 0 {
            break;
        }
        if buf.capacity() - buf.len() < want && buf.try_reserve(want.max(buf.len())).is_err() {
            return Err(l.mem_error());
        }
        let len = buf.len();
        // SAFETY: `want` bytes of spare capacity; fread writes at most `want` bytes.
        let got = unsafe {
            let got = libc::fread(buf.as_mut_ptr().add(len) as *mut libc::c_void, 1, want, f);
            buf.set_len(len + got);
            got
        };
        if got < want {
            break;
        }
    }
    let s = l.new_str(&buf)?;
    l.push(s);
    Ok(!buf.is_empty())
}

/// `read_number` state (`RN`).
struct Rn {
    f: *mut FILE,
    c: c_int,
    buf: [u8; MAXLENNUM + 1],
    n: usize,
}

impl Rn {
    /// `nextc`: adds the current char to the buffer and reads the next one.
    fn nextc(&mut self) -> bool {
        if self.n >= MAXLENNUM {
            self.buf[0] = 0;
            return false;
        }
        self.buf[self.n] = self.c as u8;
        self.n += 1;
        // SAFETY: the stream is locked and open.
        self.c = unsafe { getc_unlocked(self.f) };
        true
    }
    fn test2(&mut self, set: &[u8; 2]) -> bool {
        if self.c == set[0] as c_int || self.c == set[1] as c_int {
            self.nextc()
        } else {
            false
        }
    }
    fn readdigits(&mut self, hex: bool) -> usize {
        let mut count = 0;
        while self.c >= 0
            && self.c < 256
            && (if hex {
                (self.c as u8).is_ascii_hexdigit()
            } else {
                (self.c as u8).is_ascii_digit()
            })
            && self.nextc()
        {
            count += 1;
        }
        count
    }
}

/// `read_number` (lua5.4's `l_getn`): reads the longest numeral prefix (at most 200 chars)
/// and converts it; pushes the number or nil.
fn read_number(l: &mut State, f: *mut FILE) -> Result<bool, Throw> {
    let mut rn = Rn {
        f,
        c: 0,
        buf: [0; MAXLENNUM + 1],
        n: 0,
    };
    let mut count = 0;
    let mut hex = false;
    let decp = [b'.', b'.'];
    // SAFETY: open stream, locked while reading.
    unsafe {
        flockfile(f);
        loop {
            rn.c = getc_unlocked(f);
            if !(rn.c >= 0
                && rn.c < 256
                && matches!(rn.c as u8, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
            {
                break;
            }
        }
    }
    rn.test2(b"-+");
    if rn.test2(b"00") {
        if rn.test2(b"xX") {
            hex = true;
        } else {
            count = 1;
        }
    }
    count += rn.readdigits(hex);
    if rn.test2(&decp) {
        count += rn.readdigits(hex);
    }
    if count > 0 && rn.test2(if hex { b"pP" } else { b"eE" }) {
        rn.test2(b"-+");
        rn.readdigits(false);
    }
    // SAFETY: as above.
    unsafe {
        libc::ungetc(rn.c, f);
        funlockfile(f);
    }
    let end = if rn.buf[0] == 0 { 0 } else { rn.n };
    match crate::vm::arith::str_to_number(&rn.buf[..end]) {
        Some(v) => {
            l.push(v);
            Ok(true)
        }
        None => {
            l.push(Value::NIL);
            Ok(false)
        }
    }
}

/// `g_read`: the formats are arguments `first..`; results are pushed. Returns their number.
fn g_read(l: &mut State, p: &mut LStream, first: usize) -> R {
    if p.flush_before_read || p.shared_out {
        l.flush();
    }
    let f = p.f;
    let nargs = l.nargs() + 1 - first;
    // SAFETY: open stream.
    unsafe { clearerr_unlocked(f) };
    let mut n;
    let success;
    if nargs == 0 {
        success = read_line(l, p, true)?;
        n = first + 1;
    } else {
        l.check_stack(nargs + 20)?;
        let mut ok = true;
        n = first;
        let mut left = nargs;
        while left > 0 && ok {
            left -= 1;
            let v = l.arg(n);
            if v.is_number() {
                let k = l.check_integer(n)?;
                ok = if k == 0 {
                    test_eof(l, f)?
                } else if k < 0 {
                    // (size_t)k: a buffer that large cannot be allocated.
                    return Err(l.mem_error());
                } else {
                    read_chars(l, f, k as usize)?
                };
            } else {
                if !v.is_str() {
                    return Err(l.arg_type_error(n, "string"));
                }
                let s = v;
                let mut b = s.str_bytes();
                if b.first() == Some(&b'*') {
                    b = &b[1..];
                }
                ok = match b.first() {
                    Some(b'n') => read_number(l, f)?,
                    Some(b'l') => read_line(l, p, true)?,
                    Some(b'L') => read_line(l, p, false)?,
                    Some(b'a') => {
                        read_chars(l, f, usize::MAX)?;
                        true
                    }
                    _ => return Err(l.arg_error(n, "invalid format")),
                };
            }
            n += 1;
        }
        success = ok;
    }
    // SAFETY: open stream.
    if unsafe { ferror_unlocked(f) } != 0 {
        let en = errno();
        return file_result(l, false, en, None);
    }
    if !success {
        l.stack[l.top - 1] = Value::NIL;
    }
    Ok(n - first)
}

fn io_read(l: &mut State) -> R {
    let (_, p) = get_io_file(l, IO_INPUT)?;
    g_read(l, p, 1)
}

fn f_read(l: &mut State) -> R {
    let p = tofile(l)?;
    g_read(l, p, 2)
}

// ------------------------------------------------------------------ writing

/// Writes bytes to a stream (the shared writer for `io.stdout`).
#[inline]
fn write_bytes(l: &mut State, p: &LStream, b: &[u8]) -> bool {
    if p.shared_out {
        let ok = l.out.write_all(b).is_ok();
        if p.vbuf == libc::_IONBF || (p.vbuf == libc::_IOLBF && b.contains(&b'\n')) {
            return l.out.flush().is_ok() && ok;
        }
        ok
    } else {
        // SAFETY: open stream; single-threaded use.
        unsafe { fwrite_unlocked(b.as_ptr() as *const libc::c_void, 1, b.len(), p.f) == b.len() }
    }
}

/// `LUA_NUMBER_FMT` ("%.14g") or `LUA_INTEGER_FMT` for `write`.
fn fmt_write_number(v: Value, buf: &mut [u8; 64]) -> usize {
    if v.is_int() {
        let mut i = v.as_int();
        let neg = i < 0;
        let mut tmp = [0u8; 24];
        let mut k = tmp.len();
        loop {
            k -= 1;
            tmp[k] = b'0' + (i % 10).unsigned_abs() as u8;
            i /= 10;
            if i == 0 {
                break;
            }
        }
        if neg {
            k -= 1;
            tmp[k] = b'-';
        }
        let len = tmp.len() - k;
        buf[..len].copy_from_slice(&tmp[k..]);
        len
    } else {
        // SAFETY: bounded snprintf into the buffer with a constant format.
        let n = unsafe {
            libc::snprintf(
                buf.as_mut_ptr() as *mut c_char,
                buf.len(),
                c"%.14g".as_ptr(),
                v.as_flt(),
            )
        };
        (n.max(0) as usize).min(buf.len() - 1)
    }
}

/// `g_write`: writes arguments `arg..`; the file to return is already on top of the stack.
fn g_write(l: &mut State, p: &LStream, arg: usize, nargs: usize) -> R {
    let mut status = true;
    let mut nb = [0u8; 64];
    for i in arg..arg + nargs {
        let v = l.arg(i);
        if v.is_str() {
            status = write_bytes(l, p, v.str_bytes()) && status;
        } else if v.is_number() {
            let len = fmt_write_number(v, &mut nb);
            status = write_bytes(l, p, &nb[..len]) && len > 0 && status;
        } else {
            return Err(l.arg_type_error(i, "string"));
        }
    }
    if status {
        Ok(1)
    } else {
        let en = errno();
        file_result(l, false, en, None)
    }
}

fn io_write(l: &mut State) -> R {
    let (fv, p) = get_io_file(l, IO_OUTPUT)?;
    let n = l.nargs();
    l.check_stack(1)?;
    l.push(fv);
    g_write(l, p, 1, n)
}

fn f_write(l: &mut State) -> R {
    let p = tofile(l)?;
    let n = l.nargs();
    let fv = l.arg(1);
    l.check_stack(1)?;
    l.push(fv);
    g_write(l, p, 2, n - 1)
}

// ------------------------------------------------------------------ seek, setvbuf, flush

/// `luaL_checkoption`.
fn check_option(
    l: &mut State,
    arg: usize,
    def: Option<&str>,
    names: &[&str],
) -> Result<usize, Throw> {
    let s = match def {
        Some(d) if l.arg(arg).is_nil() => d.as_bytes().to_vec(),
        _ => l.check_string(arg)?.str_bytes().to_vec(),
    };
    match names.iter().position(|n| n.as_bytes() == s.as_slice()) {
        Some(i) => Ok(i),
        None => {
            let msg = format!("invalid option '{}'", String::from_utf8_lossy(&s));
            Err(l.arg_error(arg, &msg))
        }
    }
}

fn f_seek(l: &mut State) -> R {
    const MODE: [c_int; 3] = [libc::SEEK_SET, libc::SEEK_CUR, libc::SEEK_END];
    let p = tofile(l)?;
    let op = check_option(l, 2, Some("cur"), &["set", "cur", "end"])?;
    let offset = l.opt_integer(3, 0)?;
    if p.shared_out {
        l.flush();
    }
    // SAFETY: open stream.
    let r = unsafe { libc::fseeko(p.f, offset as libc::off_t, MODE[op]) };
    if r != 0 {
        let en = errno();
        return file_result(l, false, en, None);
    }
    // SAFETY: open stream.
    let pos = unsafe { ftello(p.f) };
    ret(l, Value::int(pos as i64))
}

fn f_setvbuf(l: &mut State) -> R {
    const MODE: [c_int; 3] = [libc::_IONBF, libc::_IOFBF, libc::_IOLBF];
    let p = tofile(l)?;
    let op = check_option(l, 2, None, &["no", "full", "line"])?;
    let sz = l.opt_integer(3, BUFFERSIZE)?;
    if p.shared_out {
        let ok = l.out.flush().is_ok();
        p.vbuf = MODE[op];
        return file_result(l, ok, 0, None);
    }
    // SAFETY: open stream; a null buffer lets stdio allocate.
    let res = unsafe { libc::setvbuf(p.f, std::ptr::null_mut(), MODE[op], sz as size_t) };
    let en = errno();
    file_result(l, res == 0, en, None)
}

fn flush_stream(l: &mut State, p: &LStream) -> R {
    let (ok, en) = if p.shared_out {
        match l.out.flush() {
            Ok(()) => (true, 0),
            Err(e) => (false, e.raw_os_error().unwrap_or(0)),
        }
    } else {
        // SAFETY: open stream.
        let r = unsafe { libc::fflush(p.f) };
        (r == 0, errno())
    };
    file_result(l, ok, en, None)
}

fn io_flush(l: &mut State) -> R {
    let (_, p) = get_io_file(l, IO_OUTPUT)?;
    flush_stream(l, p)
}

fn f_flush(l: &mut State) -> R {
    let p = tofile(l)?;
    flush_stream(l, p)
}

#[cfg(test)]
mod tests {
    use super::check_mode;
    #[test]
    fn modes() {
        for m in ["r", "w", "a", "r+", "w+b", "ab", "rbb", "a+"] {
            assert!(check_mode(m.as_bytes()), "{m}");
        }
        for m in ["", "x", "rw", "r+a", "+", "br", "r++"] {
            assert!(!check_mode(m.as_bytes()), "{m}");
        }
    }
}
