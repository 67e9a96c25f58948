//! W^X: after compiling and running code, no mapping of the process is writable and
//! executable at once, and the code cache's pages are read-execute.

include!("jit_common.rs.inc");

fn maps() -> String {
    std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps")
}

#[test]
fn no_rwx_mapping_ever() {
    let src = r#"
        local function f(n) local s = 0 for i = 1, n do s = s + i end return s end
        local t = {}
        for i = 1, 200 do t[i] = function(x) return x + i end end
        local s = 0
        for i = 1, 200 do s = s + t[i](i) + f(10) end
        print(s)
    "#;
    let (out, err, lua) = run_with(src, Some(jit_opts(0)), false);
    assert_eq!(err, None);
    assert_eq!(out, "51200\n");
    let st = lua.jit_stats();
    assert!(st.compiled >= 3, "compiled {}", st.compiled);
    let m = maps();
    for line in m.lines() {
        let perms = line.split_whitespace().nth(1).unwrap_or("");
        assert!(
            !(perms.contains('w') && perms.contains('x')),
            "writable and executable mapping: {line}"
        );
    }
    // At least one anonymous read-execute mapping (the code cache).
    assert!(
        m.lines()
            .any(|l| l.split_whitespace().nth(1) == Some("r-xp")
                && l.split_whitespace().count() == 5),
        "no anonymous r-x mapping:\n{m}"
    );
}
