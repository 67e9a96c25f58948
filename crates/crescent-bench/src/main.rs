//! Benchmark harness: runs `bench/programs/*.lua` under crescent (interpreter only, baseline
//! only, all tiers), `lua5.4`, `luajit` and `luajit -joff`, checks every output against
//! `lua5.4`'s (or the stored expected output), and reports medians, speedups, geometric
//! means and peak memory as Markdown, JSON and an SVG chart. See `bench/README.md`.

mod chart;
mod report;
mod run;
mod sizes;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use run::{Measurement, Outcome};
use sizes::{Mode, Program};

/// Who a configuration is: crescent in some tier setting, or a peer implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Crescent,
    Peer,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// Command prefix: the executable and its flags; the program path and size follow.
    pub argv: Vec<String>,
    /// `None` when usable, otherwise why not (shown as n/a).
    pub unavailable: Option<String>,
}

/// All configurations in table order.
const CONFIG_KEYS: &[(&str, &str, Kind, &[&str])] = &[
    (
        "crescent-joff",
        "crescent -joff",
        Kind::Crescent,
        &["-joff"],
    ),
    (
        "crescent-baseline",
        "crescent --tier=baseline",
        Kind::Crescent,
        &["--tier=baseline"],
    ),
    ("crescent", "crescent", Kind::Crescent, &[]),
    ("lua5.4", "lua5.4", Kind::Peer, &[]),
    ("luajit", "luajit", Kind::Peer, &[]),
    ("luajit-joff", "luajit -joff", Kind::Peer, &["-joff"]),
];

/// The result for one program under one configuration.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Runs that succeeded with the right output.
    Measured(Vec<Measurement>),
    /// Instruction count under callgrind (one run).
    Instructions(u64),
    /// Crashed, timed out, or printed the wrong output: a failure, never a timing.
    Failed(String),
    /// The configuration could not be run at all (not installed, flag not accepted, ...).
    Unavailable(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Wall,
    Cpu,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::Wall => "wall",
            Metric::Cpu => "cpu",
        }
    }
    pub fn of(self, m: &Measurement) -> f64 {
        match self {
            Metric::Wall => m.wall,
            Metric::Cpu => m.cpu,
        }
    }
}

impl Cell {
    /// Median of the chosen metric, for measured cells.
    pub fn median(&self, metric: Metric) -> Option<f64> {
        match self {
            Cell::Measured(ms) if !ms.is_empty() => {
                Some(median(&ms.iter().map(|m| metric.of(m)).collect::<Vec<_>>()))
            }
            _ => None,
        }
    }
    pub fn peak_rss_kib(&self) -> Option<u64> {
        match self {
            Cell::Measured(ms) => ms.iter().map(|m| m.maxrss_kib).max(),
            _ => None,
        }
    }
    pub fn value(&self, metric: Metric) -> Option<f64> {
        match self {
            Cell::Instructions(ir) => Some(*ir as f64),
            _ => self.median(metric),
        }
    }
}

pub fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[derive(Debug, Clone)]
pub struct ProgramResult {
    pub name: String,
    pub size: i64,
    /// What outputs were checked against: "lua5.4", "expected file", or "unchecked".
    pub reference: String,
    /// One per configuration, in `configs` order.
    pub cells: Vec<Cell>,
}

pub struct Suite {
    pub mode: Mode,
    pub metric: Metric,
    pub runs: usize,
    pub configs: Vec<Config>,
    pub results: Vec<ProgramResult>,
    /// Startup (an empty script): one cell per configuration.
    pub startup: Vec<Cell>,
    pub notes: Vec<String>,
    pub machine: report::Machine,
    pub command: String,
}

struct Options {
    filter: Vec<String>,
    runs: Option<usize>,
    configs: Option<Vec<String>>,
    quick: bool,
    callgrind: bool,
    build: bool,
    crescent: Option<PathBuf>,
    timeout: Duration,
    metric: Metric,
    output: Option<String>,
    update_expected: bool,
    startup: bool,
}

const USAGE: &str = "\
usage: cargo run --release -p crescent-bench -- [options]

  --filter A,B       only programs whose name contains A or B
  --runs N           timed runs per program and configuration (default 5; 1 with --quick)
  --configs A,B      configurations to run (default: all of
                     crescent-joff, crescent-baseline, crescent, lua5.4, luajit, luajit-joff)
  --quick            small sizes: a smoke test of the suite and of crescent's correctness
  --callgrind        instruction counts (valgrind --tool=callgrind) at reduced sizes, one
                     run each: exact numbers for before/after comparisons of one change
  --metric wall|cpu  time to report: wall clock (default) or user+system CPU time
  --timeout SECS     per run (default 300)
  --no-build         do not run `cargo build --release -p crescent-cli` first
  --crescent PATH    use this crescent binary (implies --no-build)
  --no-startup       skip the startup measurement (an empty script)
  --output NAME      write bench/results/NAME.{md,json,svg} (default: latest for a complete
                     full run, partial for a filtered one, quick, callgrind)
  --update-expected  rewrite bench/expected/ from lua5.4's output at the selected mode's
                     sizes, checking that two lua5.4 runs agree and that luajit agrees
";

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        filter: Vec::new(),
        runs: None,
        configs: None,
        quick: false,
        callgrind: false,
        build: true,
        crescent: None,
        timeout: Duration::from_secs(300),
        metric: Metric::Wall,
        output: None,
        update_expected: false,
        startup: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let list = |v: String| -> Vec<String> {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        match flag.as_str() {
            "--filter" => o.filter.extend(list(value("--filter")?)),
            "--runs" => {
                let n: usize = value("--runs")?
                    .parse()
                    .map_err(|_| "--runs: not a number")?;
                if n == 0 {
                    return Err("--runs must be at least 1".into());
                }
                o.runs = Some(n);
            }
            "--configs" => o.configs = Some(list(value("--configs")?)),
            "--quick" => o.quick = true,
            "--callgrind" => o.callgrind = true,
            "--no-build" => o.build = false,
            "--no-startup" => o.startup = false,
            "--crescent" => {
                o.crescent = Some(PathBuf::from(value("--crescent")?));
                o.build = false;
            }
            "--timeout" => {
                let s: f64 = value("--timeout")?
                    .parse()
                    .map_err(|_| "--timeout: not a number")?;
                o.timeout = Duration::from_secs_f64(s);
            }
            "--metric" => {
                o.metric = match value("--metric")?.as_str() {
                    "wall" => Metric::Wall,
                    "cpu" => Metric::Cpu,
                    m => return Err(format!("--metric: unknown metric {m}")),
                }
            }
            "--output" => o.output = Some(value("--output")?),
            "--update-expected" => o.update_expected = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown option {a}\n\n{USAGE}")),
        }
    }
    if o.quick && o.callgrind {
        return Err("--quick and --callgrind exclude each other".into());
    }
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(run::HELPER) {
        run::helper_main(&args[2..]);
    }
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("crescent-bench: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = real_main(opts) {
        eprintln!("crescent-bench: {e}");
        std::process::exit(1);
    }
}

fn repo_root() -> PathBuf {
    // crates/crescent-bench -> repository root
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or(manifest)
}

fn real_main(opts: Options) -> Result<(), String> {
    let root = repo_root();
    let bench = root.join("bench");
    let sizes_text = std::fs::read_to_string(bench.join("sizes.toml"))
        .map_err(|e| format!("bench/sizes.toml: {e}"))?;
    let all_programs = sizes::parse(&sizes_text)?;
    let programs: Vec<Program> = all_programs
        .iter()
        .filter(|p| {
            opts.filter.is_empty() || opts.filter.iter().any(|f| p.name.contains(f.as_str()))
        })
        .cloned()
        .collect();
    if programs.is_empty() {
        return Err(format!(
            "no program matches --filter {}",
            opts.filter.join(",")
        ));
    }
    for p in &programs {
        let path = program_path(&bench, p);
        if !path.is_file() {
            return Err(format!(
                "{} is listed in sizes.toml but missing",
                path.display()
            ));
        }
    }
    let mode = if opts.quick {
        Mode::Quick
    } else if opts.callgrind {
        Mode::Callgrind
    } else {
        Mode::Full
    };
    let scratch = std::env::temp_dir().join(format!("crescent-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = if opts.update_expected {
        update_expected(&bench, &programs, mode, &scratch, opts.timeout)
    } else {
        let complete = programs.len() == all_programs.len() && opts.configs.is_none();
        benchmark(&opts, &root, &bench, programs, mode, complete, &scratch)
    };
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn program_path(bench: &Path, p: &Program) -> PathBuf {
    bench.join("programs").join(format!("{}.lua", p.name))
}

fn benchmark(
    opts: &Options,
    root: &Path,
    bench: &Path,
    programs: Vec<Program>,
    mode: Mode,
    complete: bool,
    scratch: &Path,
) -> Result<(), String> {
    // failures/ holds the failing outputs of this run only
    let _ = std::fs::remove_dir_all(bench.join("results").join("failures"));
    let runs = if mode == Mode::Callgrind {
        1
    } else {
        opts.runs.unwrap_or(if opts.quick { 1 } else { 5 })
    };
    let mut notes = Vec::new();

    // Which configurations, in table order.
    let selected: Vec<&(&str, &str, Kind, &[&str])> = match &opts.configs {
        None => CONFIG_KEYS.iter().collect(),
        Some(keys) => {
            for k in keys {
                if !CONFIG_KEYS.iter().any(|c| c.0 == k) {
                    let known: Vec<&str> = CONFIG_KEYS.iter().map(|c| c.0).collect();
                    return Err(format!(
                        "unknown configuration {k} (known: {})",
                        known.join(", ")
                    ));
                }
            }
            CONFIG_KEYS
                .iter()
                .filter(|c| keys.iter().any(|k| k == c.0))
                .collect()
        }
    };
    if mode == Mode::Callgrind && run::which("valgrind").is_none() {
        return Err("--callgrind needs valgrind on PATH".into());
    }

    // Crescent: build it (or take the given binary).
    let wants_crescent = selected.iter().any(|c| c.2 == Kind::Crescent);
    let mut crescent_problem: Option<String> = None;
    let mut crescent_bin = PathBuf::new();
    if wants_crescent {
        match crescent_binary(opts, root) {
            Ok(p) => crescent_bin = p,
            Err(e) => {
                eprintln!("crescent-bench: {e}");
                notes.push(format!("crescent: {e}"));
                crescent_problem = Some(e);
            }
        }
    }

    // Probe every configuration once with a tiny script.
    let probe = scratch.join("probe.lua");
    std::fs::write(
        &probe,
        "local t = {}\nfor i = 1, 3 do t[i] = i * i end\nprint(\"probe\", t[3])\n",
    )
    .map_err(|e| e.to_string())?;
    let empty = scratch.join("empty.lua");
    std::fs::write(&empty, "").map_err(|e| e.to_string())?;
    let mut configs = Vec::new();
    for &&(key, label, kind, flags) in &selected {
        let exe = match kind {
            Kind::Crescent => crescent_bin.display().to_string(),
            Kind::Peer => key.trim_end_matches("-joff").to_string(),
        };
        let mut argv = vec![exe.clone()];
        argv.extend(flags.iter().map(|s| s.to_string()));
        let mut unavailable = None;
        if kind == Kind::Crescent {
            if let Some(p) = &crescent_problem {
                unavailable = Some(p.clone());
            }
        } else if run::which(&exe).is_none() {
            unavailable = Some(format!("{exe} not installed"));
            notes.push(format!("{label}: skipped, `{exe}` is not on PATH"));
        }
        if unavailable.is_none() {
            let mut cmd = wrap(&argv, mode, scratch);
            cmd.push(probe.display().to_string());
            match run::run(&cmd, scratch, Duration::from_secs(60)) {
                Outcome::Ok { stdout, .. } if stdout == b"probe\t9\n" => {}
                Outcome::Ok { stdout, .. } => {
                    let why = format!(
                        "probe script printed {:?}",
                        String::from_utf8_lossy(&stdout)
                    );
                    unavailable = Some(why);
                }
                Outcome::Failed { why, .. } => unavailable = Some(format!("probe script: {why}")),
                Outcome::TimedOut { .. } => unavailable = Some("probe script timed out".into()),
                Outcome::SpawnError(e) => unavailable = Some(e),
            }
            if let Some(why) = &unavailable {
                notes.push(format!("{label}: n/a, {why}"));
            }
        }
        configs.push(Config {
            key,
            label,
            kind,
            argv,
            unavailable,
        });
    }
    for c in &configs {
        match &c.unavailable {
            None => eprintln!("config {:<18} {}", c.key, c.argv.join(" ")),
            Some(why) => eprintln!("config {:<18} n/a: {why}", c.key),
        }
    }

    // The floor of peak-RSS numbers: what the measuring helper itself uses.
    if mode != Mode::Callgrind && Path::new("/bin/true").is_file() {
        if let Outcome::Ok { m, .. } =
            run::run(&["/bin/true".to_string()], scratch, Duration::from_secs(10))
        {
            notes.push(format!(
                "peak memory has a floor of {:.1} MiB (the measuring helper's own peak, as measured \
                 for /bin/true); smaller peaks show as the floor",
                m.maxrss_kib as f64 / 1024.0
            ));
        }
    }

    // The reference implementation for outputs.
    let lua54 = configs
        .iter()
        .position(|c| c.key == "lua5.4" && c.unavailable.is_none());
    let lua54_installed = run::which("lua5.4").is_some();
    if lua54.is_none() && !lua54_installed {
        notes.push("lua5.4 is not installed: outputs are checked against bench/expected/".into());
    }

    let mut results = Vec::new();
    for p in &programs {
        let size = p.size(mode);
        let path = program_path(bench, p);
        let tail = [path.display().to_string(), size.to_string()];
        eprintln!("== {} {}", p.name, size);

        let expected = read_expected(bench, p, mode);
        let mut cells: Vec<Option<Cell>> = configs
            .iter()
            .map(|c| c.unavailable.as_ref().map(|w| Cell::Unavailable(w.clone())))
            .collect();
        let mut samples: Vec<Vec<Measurement>> = vec![Vec::new(); configs.len()];
        let mut outputs: Vec<Option<Vec<u8>>> = vec![None; configs.len()];

        // Reference output: lua5.4 runs first in the first round; otherwise the expected
        // file, or (lua5.4 installed but not selected) one extra lua5.4 run.
        let mut reference: Option<Vec<u8>> = None;
        let mut reference_name = String::from("unchecked");
        if lua54.is_none() {
            if let Some(e) = &expected {
                reference = Some(e.clone());
                reference_name = "expected file".into();
            } else if lua54_installed {
                let mut cmd = vec!["lua5.4".to_string()];
                cmd.extend(tail.iter().cloned());
                if let Outcome::Ok { stdout, .. } = run::run(&cmd, scratch, opts.timeout) {
                    reference = Some(digest_or_text(&stdout));
                    reference_name = "lua5.4".into();
                }
            }
        }

        for round in 0..runs {
            // Round 0 runs lua5.4 first (it provides the reference); later rounds rotate
            // the order so that drift and warm-up effects hit every configuration alike.
            let mut order: Vec<usize> = (0..configs.len()).collect();
            if round == 0 {
                if let Some(l) = lua54 {
                    order.retain(|&i| i != l);
                    order.insert(0, l);
                }
            } else {
                let k = round % configs.len();
                order.rotate_left(k);
            }
            for i in order {
                if reference.is_none() && lua54.is_some_and(|l| l != i && cells[l].is_some()) {
                    // lua5.4 failed on this program: fall back to the expected file
                    if let Some(e) = &expected {
                        reference = Some(e.clone());
                        reference_name = "expected file".into();
                    }
                }
                if cells[i].is_some() {
                    continue; // unavailable or already failed
                }
                let mut cmd = wrap(&configs[i].argv, mode, scratch);
                cmd.extend(tail.iter().cloned());
                let outcome = run::run(&cmd, scratch, opts.timeout);
                match outcome {
                    Outcome::Ok { stdout, m } => {
                        let got = digest_or_text(&stdout);
                        if Some(i) == lua54 && reference.is_none() {
                            if let Some(e) = &expected {
                                if *e != got {
                                    let msg = format!(
                                        "{}: lua5.4's output differs from bench/expected/{}.{}.txt \
                                         (regenerate with --update-expected if the program changed)",
                                        p.name, p.name, mode
                                    );
                                    eprintln!("warning: {msg}");
                                    notes.push(msg);
                                }
                            }
                            reference = Some(got.clone());
                            reference_name = "lua5.4".into();
                        }
                        if let Some(r) = &reference {
                            if *r != got {
                                let why = format!("wrong output ({})", first_difference(r, &got));
                                save_failure(bench, p, &configs[i], &stdout, b"");
                                eprintln!("   {:<18} FAILED: {why}", configs[i].key);
                                cells[i] = Some(Cell::Failed(why));
                                continue;
                            }
                        }
                        if let Some(prev) = &outputs[i] {
                            if *prev != got {
                                eprintln!(
                                    "   {:<18} FAILED: output differs between runs",
                                    configs[i].key
                                );
                                cells[i] = Some(Cell::Failed("output differs between runs".into()));
                                continue;
                            }
                        }
                        outputs[i] = Some(got);
                        if mode == Mode::Callgrind {
                            match callgrind_total(scratch) {
                                Some(ir) => {
                                    eprintln!("   {:<18} {} Ir", configs[i].key, ir);
                                    cells[i] = Some(Cell::Instructions(ir));
                                }
                                None => {
                                    cells[i] = Some(Cell::Failed("no callgrind totals".into()));
                                }
                            }
                        } else {
                            eprintln!(
                                "   {:<18} {:8.3} s wall {:8.3} s cpu {:7.1} MiB",
                                configs[i].key,
                                m.wall,
                                m.cpu,
                                m.maxrss_kib as f64 / 1024.0
                            );
                            samples[i].push(m);
                        }
                    }
                    Outcome::Failed {
                        why,
                        stdout,
                        stderr,
                    } => {
                        let why =
                            why.replace(&format!("{}/", bench.join("programs").display()), "");
                        save_failure(bench, p, &configs[i], &stdout, &stderr);
                        eprintln!("   {:<18} FAILED: {why}", configs[i].key);
                        cells[i] = Some(Cell::Failed(why));
                    }
                    Outcome::TimedOut { after } => {
                        eprintln!("   {:<18} TIMEOUT after {after:.0} s", configs[i].key);
                        cells[i] = Some(Cell::Failed(format!("timeout (after {after:.1} s)")));
                    }
                    Outcome::SpawnError(e) => {
                        eprintln!("   {:<18} FAILED: {e}", configs[i].key);
                        cells[i] = Some(Cell::Failed(e));
                    }
                }
            }
        }
        if reference.is_none() {
            notes.push(format!(
                "{}: no reference output (lua5.4 and expected file), outputs unchecked",
                p.name
            ));
        }
        let cells = cells
            .into_iter()
            .zip(samples)
            .map(|(c, s)| c.unwrap_or(Cell::Measured(s)))
            .collect();
        results.push(ProgramResult {
            name: p.name.clone(),
            size,
            reference: reference_name,
            cells,
        });
    }

    // Startup: an empty script, many runs (interleaved).
    let mut startup: Vec<Cell> = configs
        .iter()
        .map(|c| match &c.unavailable {
            Some(w) => Cell::Unavailable(w.clone()),
            None => Cell::Measured(Vec::new()),
        })
        .collect();
    if opts.startup {
        let rounds = if mode == Mode::Callgrind {
            1
        } else if opts.quick {
            5
        } else {
            21
        };
        eprintln!("== startup (empty script) x{rounds}");
        for _ in 0..rounds {
            for (i, c) in configs.iter().enumerate() {
                if !matches!(startup[i], Cell::Measured(_)) {
                    continue;
                }
                let mut cmd = wrap(&c.argv, mode, scratch);
                cmd.push(empty.display().to_string());
                match run::run(&cmd, scratch, Duration::from_secs(60)) {
                    Outcome::Ok { stdout, m } if stdout.is_empty() => {
                        if mode == Mode::Callgrind {
                            startup[i] = match callgrind_total(scratch) {
                                Some(ir) => Cell::Instructions(ir),
                                None => Cell::Failed("no callgrind totals".into()),
                            };
                        } else if let Cell::Measured(v) = &mut startup[i] {
                            v.push(m);
                        }
                    }
                    Outcome::Ok { .. } => startup[i] = Cell::Failed("printed output".into()),
                    Outcome::Failed { why, .. } => startup[i] = Cell::Failed(why),
                    Outcome::TimedOut { .. } => startup[i] = Cell::Failed("timeout".into()),
                    Outcome::SpawnError(e) => startup[i] = Cell::Failed(e),
                }
            }
        }
    } else {
        startup = configs
            .iter()
            .map(|_| Cell::Unavailable("not measured".into()))
            .collect();
    }

    let command = reconstruct_command();
    let suite = Suite {
        mode,
        metric: opts.metric,
        runs,
        configs,
        results,
        startup,
        notes,
        machine: report::Machine::detect(),
        command,
    };

    let name = opts.output.clone().unwrap_or_else(|| match mode {
        Mode::Full if complete => "latest".into(),
        Mode::Full => "partial".into(),
        Mode::Quick => "quick".into(),
        Mode::Callgrind => "callgrind".into(),
    });
    let out_dir = bench.join("results");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let md = report::markdown(&suite);
    print!("{md}");
    write(&out_dir.join(format!("{name}.md")), &md)?;
    write(&out_dir.join(format!("{name}.json")), &report::json(&suite))?;
    if mode != Mode::Callgrind {
        let svg = out_dir.join(format!("{name}.svg"));
        if let Err(e) = chart::draw(&suite, &svg) {
            eprintln!("crescent-bench: chart: {e}");
        }
    }
    eprintln!(
        "wrote bench/results/{name}.{{md,json{}}}",
        if mode == Mode::Callgrind { "" } else { ",svg" }
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The command line, for the report: how to reproduce.
fn reconstruct_command() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut s = String::from("cargo run --release -p crescent-bench --");
    for a in args {
        s.push(' ');
        s.push_str(&a);
    }
    s
}

/// Under `--callgrind`, prefixes the command with valgrind.
fn wrap(argv: &[String], mode: Mode, scratch: &Path) -> Vec<String> {
    if mode != Mode::Callgrind {
        return argv.to_vec();
    }
    let out = scratch.join("callgrind.out");
    let _ = std::fs::remove_file(&out);
    let mut v = vec![
        "valgrind".to_string(),
        "--tool=callgrind".to_string(),
        format!("--callgrind-out-file={}", out.display()),
        // JIT code is written at run time; make valgrind notice it.
        "--smc-check=all-non-file".to_string(),
        "--quiet".to_string(),
    ];
    v.extend(argv.iter().cloned());
    v
}

fn callgrind_total(scratch: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(scratch.join("callgrind.out")).ok()?;
    for line in text.lines() {
        if let Some(rest) = line
            .strip_prefix("totals:")
            .or_else(|| line.strip_prefix("summary:"))
        {
            return rest.split_whitespace().next()?.parse().ok();
        }
    }
    None
}

fn crescent_binary(opts: &Options, root: &Path) -> Result<PathBuf, String> {
    if let Some(p) = &opts.crescent {
        return if p.is_file() {
            Ok(p.clone())
        } else {
            Err(format!("{} does not exist", p.display()))
        };
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if opts.build {
        eprintln!("building crescent: cargo build --release -p crescent-cli");
        let status = Command::new(&cargo)
            .args(["build", "--release", "-p", "crescent-cli"])
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err("`cargo build --release -p crescent-cli` failed".into());
        }
    }
    let target = target_dir(&cargo, root);
    let bin = target.join("release").join("crescent");
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "{} not found (build failed or --no-build without a build)",
            bin.display()
        ))
    }
}

/// The workspace's target directory as cargo sees it (honours CARGO_TARGET_DIR and config).
fn target_dir(cargo: &str, root: &Path) -> PathBuf {
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output();
    if let Ok(out) = out {
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(i) = text.find("\"target_directory\":\"") {
            let rest = &text[i + "\"target_directory\":\"".len()..];
            if let Some(end) = rest.find('"') {
                return PathBuf::from(rest[..end].replace("\\\\", "\\"));
            }
        }
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => root.join(d),
        None => root.join("target"),
    }
}

// ---------------------------------------------------------------- expected outputs

/// Outputs above this size are compared and stored as a digest line.
const DIGEST_ABOVE: usize = 64 * 1024;

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Small outputs as they are; large ones as `#digest fnv1a64=<hex> bytes=<n>`.
fn digest_or_text(out: &[u8]) -> Vec<u8> {
    if out.len() <= DIGEST_ABOVE {
        out.to_vec()
    } else {
        format!(
            "#digest fnv1a64={:016x} bytes={}\n",
            fnv1a64(out),
            out.len()
        )
        .into_bytes()
    }
}

fn expected_path(bench: &Path, p: &Program, mode: Mode) -> PathBuf {
    bench
        .join("expected")
        .join(format!("{}.{}.txt", p.name, mode))
}

fn read_expected(bench: &Path, p: &Program, mode: Mode) -> Option<Vec<u8>> {
    std::fs::read(expected_path(bench, p, mode)).ok()
}

/// Where two outputs first differ, for the failure message.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let w = String::from_utf8_lossy(want);
    let g = String::from_utf8_lossy(got);
    let mut wl = w.lines();
    let mut gl = g.lines();
    let mut n = 1;
    loop {
        match (wl.next(), gl.next()) {
            (Some(a), Some(b)) if a == b => n += 1,
            (Some(a), Some(b)) => {
                let cut = |s: &str| {
                    run::first_line(s.as_bytes())
                        .chars()
                        .take(40)
                        .collect::<String>()
                };
                return format!("line {n}: got '{}', want '{}'", cut(b), cut(a));
            }
            (Some(_), None) => return format!("output ends at line {n}"),
            (None, Some(_)) => return format!("extra output at line {n}"),
            (None, None) => return "outputs differ".into(),
        }
    }
}

/// Keeps a failing run's stdout (and stderr) in bench/results/failures/ for debugging.
fn save_failure(bench: &Path, p: &Program, c: &Config, stdout: &[u8], stderr: &[u8]) {
    let dir = bench.join("results").join("failures");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{}.{}.out", p.name, c.key)), stdout);
        if !stderr.is_empty() {
            let _ = std::fs::write(dir.join(format!("{}.{}.err", p.name, c.key)), stderr);
        }
    }
}

fn update_expected(
    bench: &Path,
    programs: &[Program],
    mode: Mode,
    scratch: &Path,
    timeout: Duration,
) -> Result<(), String> {
    if run::which("lua5.4").is_none() {
        return Err("--update-expected needs lua5.4 on PATH".into());
    }
    let has_luajit = run::which("luajit").is_some();
    if !has_luajit {
        eprintln!("note: luajit not installed, its agreement is not checked");
    }
    std::fs::create_dir_all(bench.join("expected")).map_err(|e| e.to_string())?;
    let mut problems = 0;
    let mut luajit_same: HashMap<String, bool> = HashMap::new();
    for p in programs {
        let size = p.size(mode).to_string();
        let path = program_path(bench, p).display().to_string();
        let get = |exe: &str| -> Result<Vec<u8>, String> {
            match run::run(
                &[exe.to_string(), path.clone(), size.clone()],
                scratch,
                timeout,
            ) {
                Outcome::Ok { stdout, .. } => Ok(stdout),
                Outcome::Failed { why, .. } => Err(why),
                Outcome::TimedOut { .. } => Err("timeout".into()),
                Outcome::SpawnError(e) => Err(e),
            }
        };
        let a = get("lua5.4").map_err(|e| format!("{}: lua5.4 failed: {e}", p.name))?;
        let b = get("lua5.4").map_err(|e| format!("{}: lua5.4 failed: {e}", p.name))?;
        let mut status = String::from("ok");
        if a != b {
            status = "NOT DETERMINISTIC (two lua5.4 runs differ)".into();
            problems += 1;
        }
        if has_luajit {
            match get("luajit") {
                Ok(j) if j == a => {
                    luajit_same.insert(p.name.clone(), true);
                }
                Ok(j) => {
                    status.push_str(&format!("; luajit differs: {}", first_difference(&a, &j)));
                    luajit_same.insert(p.name.clone(), false);
                    problems += 1;
                }
                Err(e) => {
                    status.push_str(&format!("; luajit failed: {e}"));
                    problems += 1;
                }
            }
        }
        write(
            &expected_path(bench, p, mode),
            &String::from_utf8_lossy(&digest_or_text(&a)),
        )?;
        eprintln!("{:<20} {:>9} {:>8} bytes  {status}", p.name, size, a.len());
    }
    eprintln!(
        "{} programs, {} with luajit output identical to lua5.4's, {} problems",
        programs.len(),
        luajit_same.values().filter(|&&v| v).count(),
        problems
    );
    if problems > 0 {
        return Err(format!("{problems} problems"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn digest_only_for_large_outputs() {
        assert_eq!(digest_or_text(b"abc\n"), b"abc\n");
        let big = vec![b'x'; DIGEST_ABOVE + 1];
        assert!(digest_or_text(&big).starts_with(b"#digest fnv1a64="));
    }

    #[test]
    fn first_difference_reports_the_line() {
        assert_eq!(
            first_difference(b"a\nb\n", b"a\nc\n"),
            "line 2: got 'c', want 'b'"
        );
        assert_eq!(first_difference(b"a\nb\n", b"a\n"), "output ends at line 2");
    }
}
