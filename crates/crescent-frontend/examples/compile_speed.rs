//! Compile-speed check: generates a ~10 MB Lua source and times `compile`.
//! Run with `cargo run --release -p crescent-frontend --example compile_speed [MB]`.

use std::fmt::Write;
use std::time::Instant;

fn generate(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0;
    while s.len() < target {
        let _ = write!(
            s,
            "local function f{i}(a, b, ...)\n  local t = {{x = a, y = b, {i}, \"s{i}\", ...}}\n  \
             for k = 1, #t do\n    if t[k] == nil or k % 3 == 0 then t.n = (t.n or 0) + k * 2.5 end\n  \
             end\n  local s = \"\"\n  for k, v in pairs(t) do s = s .. tostring(k) .. \":\" .. tostring(v) end\n  \
             while a < b do a = a + 1; if a > 100 then break end end\n  \
             return s, a & 0xff, b << 2, math.max(a, b, {i}) // 7\nend\n\
             G{i} = f{i}(1, 2, 3)\n"
        );
        i += 1;
        if i % 100 == 0 {
            // keep each chunk's main function under the 200-locals limit
            s.push_str("do end\n");
        }
    }
    s
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    // one `do ... end` block per 150 functions keeps the local count legal
    let body = generate(mb << 20);
    let mut src = String::with_capacity(body.len() + 1024);
    for (n, chunk) in body.split("do end\n").enumerate() {
        let _ = n;
        src.push_str("do\n");
        src.push_str(chunk);
        src.push_str("end\n");
    }
    if let Ok(path) = std::env::var("DUMP") {
        std::fs::write(path, &src).unwrap();
    }
    let t = Instant::now();
    let p = crescent_frontend::compile(src.as_bytes(), "=speed").expect("compiles");
    let dt = t.elapsed();
    println!(
        "{:.1} MB, {} functions: compiled in {:.3} s ({:.1} MB/s)",
        src.len() as f64 / 1048576.0,
        p.protos.len(),
        dt.as_secs_f64(),
        src.len() as f64 / 1048576.0 / dt.as_secs_f64()
    );
}
