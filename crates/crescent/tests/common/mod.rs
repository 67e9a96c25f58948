//! Shared harness of the library's end-to-end tests (`iolib`, `strlib`, `tablib`): run a
//! snippet through the public API with its output captured, with and without the collector
//! stressed (a collection at every safe point).

use crescent::Lua;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// A shared in-memory sink for `Lua::set_output`.
#[derive(Clone, Default)]
pub struct Buf(pub Rc<RefCell<Vec<u8>>>);
impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `src` in a fresh state and returns what it printed; any error fails the test.
pub fn run(src: &str, stress: bool) -> String {
    let mut lua = Lua::new();
    lua.set_gc_stress(stress);
    let buf = Buf::default();
    lua.set_output(Box::new(buf.clone()));
    let r = lua.exec(src.as_bytes(), "=test", &[]);
    drop(lua);
    assert!(
        r.is_ok(),
        "unexpected error {:?} for {}",
        r.err().map(|e| e.to_string()),
        src
    );
    let out = String::from_utf8_lossy(&buf.0.borrow()).into_owned();
    out
}

/// `src` prints `expected`, with and without collector stress.
#[allow(dead_code)]
pub fn check(src: &str, expected: &str) {
    assert_eq!(run(src, false), expected, "{}", src);
    assert_eq!(run(src, true), expected, "(gc stress) {}", src);
}
