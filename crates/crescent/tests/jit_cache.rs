//! The code cache limit: with a tiny cache, compiled code is evicted (never code that is
//! running) and the functions go back to the interpreter; results stay right.

include!("jit_common.rs.inc");

/// 60 functions, each with a loop, called in turns; main calls them from a loop that is
/// itself compiled, so eviction happens while compiled frames are suspended.
fn program() -> String {
    let mut s = String::new();
    for i in 0..60 {
        s.push_str(&format!(
            "local function f{i}(n) local s = 0 for j = 1, n do s = s + j * {i} + (j % 7) end return s end\n"
        ));
    }
    s.push_str("local fs = {");
    for i in 0..60 {
        s.push_str(&format!("f{i},"));
    }
    s.push_str("}\nlocal total = 0\nfor round = 1, 3 do for i = 1, #fs do total = total + fs[i](50 + round) end end\nprint(total)\n");
    s
}

#[test]
fn eviction_keeps_results() {
    let src = program();
    let (want, err, _) = run_with(&src, None, false);
    assert_eq!(err, None);
    let mut o = jit_opts(0);
    o.cache_size = 8 << 10; // two pages: a few functions at a time
    let (got, err, lua) = run_with(&src, Some(o), false);
    assert_eq!(err, None);
    assert_eq!(got, want);
    let st = lua.jit_stats();
    assert!(
        st.evicted > 10,
        "evicted {} (compiled {})",
        st.evicted,
        st.compiled
    );
    assert!(st.compiled > st.evicted);
}

#[test]
fn function_larger_than_cache_stays_interpreted() {
    let mut body = String::new();
    for i in 0..300 {
        body.push_str(&format!("x = x + {i} * y\n"));
    }
    let src = format!("local function big(y) local x = 0\n{body}return x end\nprint(big(2))\n");
    let (want, _, _) = run_with(&src, None, false);
    let mut o = jit_opts(0);
    o.cache_size = 4 << 10;
    let (got, err, lua) = run_with(&src, Some(o), false);
    assert_eq!(err, None);
    assert_eq!(got, want);
    assert!(lua.jit_stats().failed >= 1);
}
