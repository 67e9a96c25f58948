//! `crescent-fuzz`: generate programs, run the differential test, validate the generator.
//! See README.md.

use crescent_fuzz::diff::{check_oracle, run_diff, DiffOptions, Seeds, CONFIGS};
use crescent_fuzz::GenOptions;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: crescent-fuzz <command> [options]

commands:
  gen <seed>            print the program generated for a seed
  diff [options]        run programs under every crescent configuration and lua5.4, compare,
                        shrink divergences into tests/fuzz-repro/seed-N.lua
  check-oracle [opts]   validate the generator: each program runs twice under lua5.4, exits 0,
                        within --limit, with the same output both times

options:
  --seeds A..B          seed range, B excluded (default 0..300)
  --long MINUTES        (diff) random seeds for that many minutes instead of a range
  --crescent PATH       the crescent binary (default $CRESCENT_BIN, else
                        $CARGO_TARGET_DIR/release/crescent, else
                        <workspace>/target/release/crescent)
  --oracle PATH         the oracle (default: lua5.4 from PATH, when installed)
  --no-oracle           (diff) compare configs with the first accepted one instead
  --configs LIST        (diff) comma-separated config names, default all of:
                        -joff,baseline-eager,baseline,baseline-tuned,default,eager; an entry NAME:FLAGS
                        defines a config (flags separated by spaces; `default:` is no flags)
  --timeout SECS        per-run timeout, the child is killed (default 10)
  --jobs N              programs run in parallel (default 2)
  --no-shrink           (diff) report divergences without shrinking them
  --max-shrink N        (diff) shrink at most N divergences, one per signature (default 5)
  --shrink-time SECS    (diff) time limit for one shrink (default 120)
  --repro-dir DIR       (diff) where reproducers go (default <workspace>/tests/fuzz-repro)
  --limit MS            (check-oracle) time limit per program in ms (default 1000)
";

fn workspace_root() -> PathBuf {
    let m = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = m.join("../..");
    root.canonicalize().unwrap_or(root)
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn resolve_bin(p: &str) -> PathBuf {
    if p.contains('/') {
        let pb = PathBuf::from(p);
        pb.canonicalize().unwrap_or(pb)
    } else {
        find_in_path(p).unwrap_or_else(|| PathBuf::from(p))
    }
}

fn parse_range(s: &str) -> Result<(u64, u64), String> {
    if let Some((a, b)) = s.split_once("..") {
        let a = a
            .parse::<u64>()
            .map_err(|e| format!("bad seed range {s}: {e}"))?;
        let b = b
            .parse::<u64>()
            .map_err(|e| format!("bad seed range {s}: {e}"))?;
        Ok((a, b))
    } else {
        let a = s.parse::<u64>().map_err(|e| format!("bad seed {s}: {e}"))?;
        Ok((a, a + 1))
    }
}

struct Args {
    seeds: (u64, u64),
    long: Option<f64>,
    crescent: Option<String>,
    oracle: Option<String>,
    no_oracle: bool,
    configs: Option<String>,
    timeout: f64,
    jobs: usize,
    shrink: bool,
    max_shrink: usize,
    shrink_time: f64,
    repro_dir: Option<String>,
    limit_ms: u64,
}

fn parse(argv: &[String]) -> Result<Args, String> {
    // `--opt=value` is `--opt value`.
    let argv: Vec<String> = argv
        .iter()
        .flat_map(|a| match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => vec![k.to_string(), v.to_string()],
            _ => vec![a.clone()],
        })
        .collect();
    let argv = &argv[..];
    let mut a = Args {
        seeds: (0, 300),
        long: None,
        crescent: None,
        oracle: None,
        no_oracle: false,
        configs: None,
        timeout: 10.0,
        jobs: 2,
        shrink: true,
        max_shrink: 5,
        shrink_time: 120.0,
        repro_dir: None,
        limit_ms: 1000,
    };
    let mut i = 0;
    let val = |i: &mut usize| -> Result<String, String> {
        *i += 1;
        argv.get(*i)
            .cloned()
            .ok_or_else(|| format!("{} needs a value", argv[*i - 1]))
    };
    while i < argv.len() {
        let num = |s: String| s.parse::<f64>().map_err(|e| format!("bad number {s}: {e}"));
        match argv[i].as_str() {
            "--seeds" => a.seeds = parse_range(&val(&mut i)?)?,
            "--long" => a.long = Some(num(val(&mut i)?)?),
            "--crescent" => a.crescent = Some(val(&mut i)?),
            "--oracle" => a.oracle = Some(val(&mut i)?),
            "--no-oracle" => a.no_oracle = true,
            "--configs" => a.configs = Some(val(&mut i)?),
            "--timeout" => a.timeout = num(val(&mut i)?)?,
            "--jobs" => a.jobs = num(val(&mut i)?)? as usize,
            "--no-shrink" => a.shrink = false,
            "--max-shrink" => a.max_shrink = num(val(&mut i)?)? as usize,
            "--shrink-time" => a.shrink_time = num(val(&mut i)?)?,
            "--repro-dir" => a.repro_dir = Some(val(&mut i)?),
            "--limit" => a.limit_ms = num(val(&mut i)?)? as u64,
            other => return Err(format!("unknown option {other}")),
        }
        i += 1;
    }
    Ok(a)
}

fn configs_from(list: Option<&str>) -> Result<Vec<(String, Vec<String>)>, String> {
    let all = || {
        CONFIGS
            .iter()
            .map(|(n, f)| (n.to_string(), f.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    let Some(list) = list else { return Ok(all()) };
    let mut out = Vec::new();
    for entry in list.split(',').filter(|e| !e.is_empty()) {
        if let Some((name, flags)) = entry.split_once(':') {
            out.push((
                name.to_string(),
                flags.split_whitespace().map(|s| s.to_string()).collect(),
            ));
        } else if let Some((n, f)) = CONFIGS.iter().find(|(n, _)| *n == entry) {
            out.push((n.to_string(), f.iter().map(|s| s.to_string()).collect()));
        } else {
            return Err(format!(
                "unknown config {entry} (known: {})",
                CONFIGS.iter().map(|c| c.0).collect::<Vec<_>>().join(",")
            ));
        }
    }
    Ok(out)
}

fn work_dir() -> PathBuf {
    std::env::temp_dir().join(format!("crescent-fuzz-{}", std::process::id()))
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let Some(cmd) = argv.get(1) else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match cmd.as_str() {
        "gen" => {
            let Some(seed) = argv.get(2).and_then(|s| s.parse::<u64>().ok()) else {
                eprintln!("usage: crescent-fuzz gen <seed>");
                return ExitCode::from(2);
            };
            print!("{}", crescent_fuzz::generate(seed).render());
            ExitCode::SUCCESS
        }
        "diff" | "check-oracle" => {
            let args = match parse(&argv[2..]) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("crescent-fuzz: {e}\n{USAGE}");
                    return ExitCode::from(2);
                }
            };
            if cmd == "diff" {
                diff(args)
            } else {
                oracle_check(args)
            }
        }
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("crescent-fuzz: unknown command {cmd}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn oracle_path(args: &Args) -> Option<PathBuf> {
    match &args.oracle {
        Some(p) => Some(resolve_bin(p)),
        None => find_in_path("lua5.4"),
    }
}

fn diff(args: Args) -> ExitCode {
    let crescent = match args
        .crescent
        .clone()
        .or_else(|| std::env::var("CRESCENT_BIN").ok())
    {
        Some(p) => resolve_bin(&p),
        // Where `cargo build --release -p crescent-cli` put it: `$CARGO_TARGET_DIR` if set.
        None => std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"))
            .join("release/crescent"),
    };
    if !crescent.is_file() {
        eprintln!(
            "crescent-fuzz: no crescent binary at {} (build it with `cargo build --release -p crescent-cli`, or pass --crescent PATH)",
            crescent.display()
        );
        return ExitCode::from(2);
    }
    let oracle = if args.no_oracle {
        None
    } else {
        oracle_path(&args)
    };
    let configs = match configs_from(args.configs.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("crescent-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = DiffOptions {
        crescent: crescent.clone(),
        oracle: oracle.clone(),
        configs,
        timeout: Duration::from_secs_f64(args.timeout),
        jobs: args.jobs,
        shrink: args.shrink,
        max_shrink: args.max_shrink,
        shrink_time: Duration::from_secs_f64(args.shrink_time),
        repro_dir: args
            .repro_dir
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("tests/fuzz-repro")),
        work_dir: work_dir(),
        gen: GenOptions::default(),
    };
    let seeds = match args.long {
        Some(min) => {
            let start = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1;
            println!("long mode: {min} minutes of random seeds");
            Seeds::Long {
                deadline: Instant::now() + Duration::from_secs_f64(min * 60.0),
                start,
            }
        }
        None => Seeds::Range(args.seeds.0, args.seeds.1),
    };
    println!(
        "crescent-fuzz diff: {} against {}",
        crescent.display(),
        oracle
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "the first config (no oracle)".into())
    );
    let summary = run_diff(&opts, seeds);
    let _ = std::fs::remove_dir_all(&opts.work_dir);
    println!("{}", summary.line());
    let failed = summary.failing_programs + summary.oracle_failures.len();
    println!(
        "fuzz: {} passed, {} failed",
        summary.programs.saturating_sub(failed),
        failed
    );
    if summary.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn oracle_check(args: Args) -> ExitCode {
    let Some(oracle) = oracle_path(&args) else {
        eprintln!("crescent-fuzz: no lua5.4 found (pass --oracle PATH)");
        return ExitCode::from(2);
    };
    let limit = Duration::from_millis(args.limit_ms);
    let work = work_dir();
    let start = Instant::now();
    let r = check_oracle(
        Path::new(&oracle),
        args.seeds,
        args.jobs,
        limit,
        &GenOptions::default(),
        &work,
    );
    let _ = std::fs::remove_dir_all(&work);
    println!(
        "oracle check: {} programs under {} in {:.1}s, {} failures, slowest {:?} (seed {}), {} bytes of output on average",
        r.programs,
        oracle.display(),
        start.elapsed().as_secs_f64(),
        r.failures.len(),
        r.max_time,
        r.max_time_seed,
        r.total_stdout.checked_div(r.programs).unwrap_or(0)
    );
    println!(
        "check: {} passed, {} failed",
        r.programs - r.failures.len(),
        r.failures.len()
    );
    if r.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
