//! Golden tests of `-jdump`: bytecode and disassembled machine code of small functions.
//! Each `tests/golden-jit/NAME.lua` is run with threshold 0 and its dump compared with
//! `NAME.expected`; `BLESS=1` rewrites the expectations.

include!("jit_common.rs.inc");

use std::path::Path;

#[test]
fn golden_dumps() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden-jit");
    let bless = std::env::var_os("BLESS").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().map(|e| e == "lua").unwrap_or(false))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failed = Vec::new();
    for p in names {
        let src = std::fs::read_to_string(&p).unwrap();
        let mut o = jit_opts(0);
        o.dump_to_memory = true;
        let (out, err, mut lua) = run_with(&src, Some(o), false);
        assert_eq!(err, None, "{}", p.display());
        let text = format!("-- output\n{}-- dump\n{}", out, lua.take_jit_dumps());
        let exp = p.with_extension("expected");
        if bless {
            std::fs::write(&exp, &text).unwrap();
        } else {
            let want = std::fs::read_to_string(&exp).unwrap_or_default();
            if want != text {
                let got = p.with_extension("got");
                std::fs::write(&got, &text).unwrap();
                failed.push(format!("{} differs (see {})", p.display(), got.display()));
            }
        }
    }
    assert!(failed.is_empty(), "{}\n(BLESS=1 to accept)", failed.join("\n"));
}
