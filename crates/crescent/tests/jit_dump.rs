//! Golden tests of `-jdump`: bytecode and disassembled machine code of small functions.
//! Each `tests/golden-jit/NAME.lua` is run with threshold 0 and its dump compared with
//! `NAME.expected`; `BLESS=1` rewrites the expectations.

include!("jit_common.rs.inc");

use std::path::Path;

/// Displacements from registers that point at objects (tables, nodes, closures, protos) are
/// struct layout, which the VM may change: they print as `+off`. Frame slots (r13), constants
/// (r14), feedback cells (rbx) and named `State` fields (r12) stay exact.
fn normalize(dump: &str) -> String {
    let mut out = String::with_capacity(dump.len());
    for line in dump.lines() {
        let mut l = line.to_string();
        if !l.starts_with(';') && !l.starts_with("====") {
            let mut res = String::new();
            let mut rest = l.as_str();
            while let Some(p) = rest.find('[') {
                let (head, tail) = rest.split_at(p);
                res.push_str(head);
                let end = tail.find(']').map(|e| e + 1).unwrap_or(tail.len());
                let inner = &tail[1..end - 1];
                let keep = ["r13", "r14", "rbx", "r12"]
                    .iter()
                    .any(|r| inner.starts_with(r));
                match inner.find(|c| c == '+' || c == '-') {
                    Some(q) if !keep && inner[q + 1..].starts_with("0x") => {
                        res.push('[');
                        res.push_str(&inner[..q]);
                        res.push_str("+off]");
                    }
                    _ => res.push_str(&tail[..end]),
                }
                rest = &tail[end..];
            }
            res.push_str(rest);
            l = res;
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

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
        let text = format!(
            "-- output\n{}-- dump\n{}",
            out,
            normalize(&lua.take_jit_dumps())
        );
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
    assert!(
        failed.is_empty(),
        "{}\n(BLESS=1 to accept)",
        failed.join("\n")
    );
}
