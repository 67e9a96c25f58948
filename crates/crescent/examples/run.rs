//! Minimal driver for development: `run file.lua [args]` or `run -e 'code'`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (src, name) = if args[1] == "-e" {
        (args[2].clone().into_bytes(), "=(command line)".to_string())
    } else {
        (
            std::fs::read(&args[1]).expect("read"),
            format!("@{}", args[1]),
        )
    };
    let mut lua = crescent::Lua::new();
    if std::env::var_os("CRESCENT_GC_STRESS").is_some() {
        lua.set_gc_stress(true);
    }
    let rest: Vec<Vec<u8>> = args[2..].iter().map(|s| s.clone().into_bytes()).collect();
    let mut argt = vec![(0i64, args[1].clone().into_bytes())];
    for (i, a) in rest.iter().enumerate() {
        argt.push((i as i64 + 1, a.clone()));
    }
    lua.set_arg_table(&argt);
    if let Err(e) = lua.exec(&src, &name, &rest) {
        eprintln!("lua: {}", e);
        if !e.traceback().is_empty() {
            eprintln!("{}", e.traceback());
        }
        std::process::exit(1);
    }
}
