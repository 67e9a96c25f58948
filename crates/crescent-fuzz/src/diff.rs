//! The differential runner: generates programs, runs them under every configuration and the
//! oracle, compares, shrinks divergences and writes reproducers.

use crate::gen::{generate_with, GenOptions};
use crate::program::{Program, HEADER_LINES};
use crate::rng::Rng;
use crate::runner::{run, Config, Outcome, Status};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

/// The configurations of the `crescent` binary, in one list: name and flags. A configuration
/// whose flags the binary rejects is reported as skipped.
pub const CONFIGS: &[(&str, &[&str])] = &[
    ("-joff", &["-joff"]),
    ("baseline-eager", &["--tier=baseline", "--jit-threshold=0"]),
    ("baseline", &["--tier=baseline"]),
    // Recompiled with feedback almost at once: tuned code (float-first sites, the float
    // register cache) on programs the size of a fuzz case.
    (
        "baseline-tuned",
        &["--tier=baseline", "--jit-threshold=0", "--jit-recompile=3"],
    ),
    ("default", &[]),
    ("eager", &["--jit-threshold=0"]),
];

#[derive(Clone, Debug)]
pub struct DiffOptions {
    pub crescent: PathBuf,
    /// `lua5.4` (the oracle), if it is to be used.
    pub oracle: Option<PathBuf>,
    /// Configurations to run (name, flags).
    pub configs: Vec<(String, Vec<String>)>,
    pub timeout: Duration,
    pub jobs: usize,
    pub shrink: bool,
    /// At most this many divergences are shrunk and saved per run (one per signature).
    pub max_shrink: usize,
    /// Time limit for shrinking one divergence.
    pub shrink_time: Duration,
    pub repro_dir: PathBuf,
    pub work_dir: PathBuf,
    pub gen: GenOptions,
}

/// Where the seeds come from.
#[derive(Clone, Debug)]
pub enum Seeds {
    Range(u64, u64),
    /// Random seeds until the deadline.
    Long {
        deadline: Instant,
        start: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Divergence,
    Crash,
    Timeout,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Divergence => "divergence",
            Kind::Crash => "crash",
            Kind::Timeout => "timeout",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ConfigStats {
    pub divergences: usize,
    pub crashes: usize,
    pub timeouts: usize,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub programs: usize,
    pub failing_programs: usize,
    pub reference: String,
    pub stats: Vec<(String, ConfigStats)>,
    pub skipped: Vec<(String, String)>,
    /// Seeds whose program failed under the oracle (generator bugs).
    pub oracle_failures: Vec<u64>,
    pub reproducers: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn ok(&self) -> bool {
        self.failing_programs == 0 && self.oracle_failures.is_empty()
    }

    pub fn line(&self) -> String {
        let per: Vec<String> = self
            .stats
            .iter()
            .map(|(n, s)| format!("{n}={}", s.divergences + s.crashes + s.timeouts))
            .collect();
        let crashes: usize = self.stats.iter().map(|s| s.1.crashes).sum();
        let timeouts: usize = self.stats.iter().map(|s| s.1.timeouts).sum();
        let skipped: Vec<&str> = self.skipped.iter().map(|s| s.0.as_str()).collect();
        format!(
            "fuzz summary: {} programs in {:.1}s against {}; divergences per config: {}; crashes (signals): {}; timeouts: {}; skipped configs: {}; oracle failures: {}; reproducers saved: {}",
            self.programs,
            self.elapsed.as_secs_f64(),
            self.reference,
            if per.is_empty() { "none run".to_string() } else { per.join(" ") },
            crashes,
            timeouts,
            if skipped.is_empty() { "none".to_string() } else { skipped.join(" ") },
            self.oracle_failures.len(),
            self.reproducers.len()
        )
    }
}

/// How one configuration's outcome differs from the reference.
fn compare(reference: &Outcome, got: &Outcome) -> Option<Kind> {
    match got.status {
        Status::Signal(_) => Some(Kind::Crash),
        Status::Timeout => Some(Kind::Timeout),
        _ if got.key() != reference.key() => Some(Kind::Divergence),
        _ => None,
    }
}

fn clip(s: &str, n: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    if s.chars().count() <= n {
        s
    } else {
        let cut: String = s.chars().take(n).collect();
        format!("{cut}...")
    }
}

/// One line describing how `got` differs from `reference`.
pub fn describe(reference: &Outcome, got: &Outcome) -> String {
    let mut parts = Vec::new();
    if reference.status != got.status {
        parts.push(format!("{} instead of {}", got.status, reference.status));
    }
    if reference.stdout != got.stdout {
        let a: Vec<&[u8]> = reference.stdout.split(|&c| c == b'\n').collect();
        let b: Vec<&[u8]> = got.stdout.split(|&c| c == b'\n').collect();
        let mut i = 0;
        while i < a.len() && i < b.len() && a[i] == b[i] {
            i += 1;
        }
        let la = a
            .get(i)
            .map(|l| String::from_utf8_lossy(l).to_string())
            .unwrap_or_else(|| "<eof>".into());
        let lb = b
            .get(i)
            .map(|l| String::from_utf8_lossy(l).to_string())
            .unwrap_or_else(|| "<eof>".into());
        parts.push(format!(
            "stdout line {}: expected \"{}\" got \"{}\"",
            i + 1,
            clip(&la, 80),
            clip(&lb, 80)
        ));
    }
    let (ea, eb) = (reference.stderr_first(), got.stderr_first());
    if ea != eb {
        parts.push(format!(
            "stderr: expected \"{}\" got \"{}\"",
            clip(&ea, 100),
            clip(&eb, 100)
        ));
    }
    if parts.is_empty() {
        "same".to_string()
    } else {
        parts.join("; ")
    }
}

/// What makes two divergences "probably the same bug": the config, the kind, the first
/// stderr line, and the first differing expected stdout line with its digits removed.
fn signature(config: &str, kind: Kind, reference: &Outcome, got: &Outcome) -> String {
    let a: Vec<&[u8]> = reference.stdout.split(|&c| c == b'\n').collect();
    let b: Vec<&[u8]> = got.stdout.split(|&c| c == b'\n').collect();
    let mut i = 0;
    while i < a.len() && i < b.len() && a[i] == b[i] {
        i += 1;
    }
    let line = a
        .get(i)
        .map(|l| String::from_utf8_lossy(l).to_string())
        .unwrap_or_default();
    let shape: String = line
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(60)
        .collect();
    let err: String = got
        .stderr_first()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    format!("{config}|{}|{err}|{shape}", kind.label())
}

/// A program with some units masked out, for shrinking.
#[derive(Clone)]
struct Masked {
    base: Program,
    keep_pre: Vec<bool>,
    keep_block: Vec<bool>,
    keep_item: Vec<Vec<bool>>,
    keep_decl: Vec<Vec<bool>>,
    keep_tail: Vec<Vec<bool>>,
}

#[derive(Clone, Copy, Debug)]
enum Unit {
    Pre(usize),
    Block(usize),
    Item(usize, usize),
    Decl(usize, usize),
    Tail(usize, usize),
}

fn keep<T: Clone>(xs: &[T], mask: &[bool]) -> Vec<T> {
    xs.iter()
        .zip(mask)
        .filter(|(_, &k)| k)
        .map(|(x, _)| x.clone())
        .collect()
}

impl Masked {
    fn new(p: &Program) -> Masked {
        Masked {
            keep_pre: vec![true; p.preamble.len()],
            keep_block: vec![true; p.blocks.len()],
            keep_item: p.blocks.iter().map(|b| vec![true; b.body.len()]).collect(),
            keep_decl: p.blocks.iter().map(|b| vec![true; b.decls.len()]).collect(),
            keep_tail: p.blocks.iter().map(|b| vec![true; b.tail.len()]).collect(),
            base: p.clone(),
        }
    }
    fn set(&mut self, u: Unit, v: bool) {
        match u {
            Unit::Pre(i) => self.keep_pre[i] = v,
            Unit::Block(i) => self.keep_block[i] = v,
            Unit::Item(b, i) => self.keep_item[b][i] = v,
            Unit::Decl(b, i) => self.keep_decl[b][i] = v,
            Unit::Tail(b, i) => self.keep_tail[b][i] = v,
        }
    }
    fn build(&self) -> Program {
        let mut p = self.base.clone();
        p.preamble = keep(&self.base.preamble, &self.keep_pre);
        p.blocks = Vec::new();
        for (bi, b) in self.base.blocks.iter().enumerate() {
            if !self.keep_block[bi] {
                continue;
            }
            let mut b = b.clone();
            b.body = keep(&b.body, &self.keep_item[bi]);
            b.decls = keep(&b.decls, &self.keep_decl[bi]);
            b.tail = keep(&b.tail, &self.keep_tail[bi]);
            p.blocks.push(b);
        }
        p
    }
    fn text(&self, u: Unit) -> &str {
        match u {
            Unit::Pre(i) => &self.base.preamble[i],
            Unit::Block(i) => &self.base.blocks[i].pre,
            Unit::Item(b, i) => &self.base.blocks[b].body[i],
            Unit::Decl(b, i) => &self.base.blocks[b].decls[i],
            Unit::Tail(b, i) => &self.base.blocks[b].tail[i],
        }
    }
    fn set_text(&mut self, u: Unit, t: String) {
        match u {
            Unit::Pre(i) => self.base.preamble[i] = t,
            Unit::Block(i) => self.base.blocks[i].pre = t,
            Unit::Item(b, i) => self.base.blocks[b].body[i] = t,
            Unit::Decl(b, i) => self.base.blocks[b].decls[i] = t,
            Unit::Tail(b, i) => self.base.blocks[b].tail[i] = t,
        }
    }
    fn blocks(&self) -> Vec<Unit> {
        (0..self.keep_block.len())
            .filter(|&i| self.keep_block[i])
            .map(Unit::Block)
            .collect()
    }
    /// Body items, then tails, then declarations, of the kept blocks.
    fn items(&self) -> Vec<Unit> {
        let mut v = Vec::new();
        type MakeUnit = fn(usize, usize) -> Unit;
        let lists: [(&Vec<Vec<bool>>, MakeUnit); 3] = [
            (&self.keep_item, Unit::Item),
            (&self.keep_tail, Unit::Tail),
            (&self.keep_decl, Unit::Decl),
        ];
        for (mask, mk) in lists {
            for (bi, items) in mask.iter().enumerate() {
                if !self.keep_block[bi] {
                    continue;
                }
                for (i, &k) in items.iter().enumerate() {
                    if k {
                        v.push(mk(bi, i));
                    }
                }
            }
        }
        v
    }
    fn pre(&self) -> Vec<Unit> {
        (0..self.keep_pre.len())
            .filter(|&i| self.keep_pre[i])
            .map(Unit::Pre)
            .collect()
    }
}

/// Greedy delta debugging over `units`: drops chunks (halving their size) while `test`
/// holds. Returns whether anything was dropped.
fn dd(
    m: &mut Masked,
    mut units: Vec<Unit>,
    test: &mut dyn FnMut(&Program) -> bool,
    stop: &dyn Fn() -> bool,
) -> bool {
    let mut changed = false;
    let mut n = 2usize;
    while !units.is_empty() && !stop() {
        let chunk = units.len().div_ceil(n).max(1);
        let mut removed = false;
        let mut start = 0;
        while start < units.len() && !stop() {
            let end = (start + chunk).min(units.len());
            for &u in &units[start..end] {
                m.set(u, false);
            }
            if test(&m.build()) {
                units.drain(start..end);
                removed = true;
                changed = true;
            } else {
                for &u in &units[start..end] {
                    m.set(u, true);
                }
                start = end;
            }
        }
        if removed {
            n = n.saturating_sub(1).max(2);
        } else {
            if chunk == 1 {
                break;
            }
            n = (n * 2).min(units.len());
        }
    }
    changed
}

/// Splits the argument list of a `P(...)` or `print(...)` call line into top-level
/// arguments: `(prefix, args, suffix)`.
fn split_call_args(line: &str) -> Option<(String, Vec<String>, String)> {
    let trimmed = line.trim_start();
    let head = ["P(", "print("]
        .into_iter()
        .find(|h| trimmed.starts_with(h))?;
    let indent = &line[..line.len() - trimmed.len()];
    let inner_start = head.len();
    let bytes = trimmed.as_bytes();
    let (mut depth, mut i, mut quote) = (0i32, inner_start, None::<u8>);
    let mut args = Vec::new();
    let mut start = inner_start;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' {
                i += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' => quote = Some(c),
                b'[' if bytes.get(i + 1) == Some(&b'[') || bytes.get(i + 1) == Some(&b'=') => {
                    return None
                }
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => {
                    if depth == 0 {
                        args.push(trimmed[start..i].trim().to_string());
                        let suffix = &trimmed[i..];
                        if suffix.trim() != ")" {
                            return None;
                        }
                        let prefix = format!("{indent}{head}");
                        return Some((prefix, args, ")".to_string()));
                    }
                    depth -= 1;
                }
                b',' if depth == 0 => {
                    args.push(trimmed[start..i].trim().to_string());
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Candidate simplifications of one unit's text: drop one line, or drop one argument of a
/// print call.
fn text_candidates(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    if lines.len() > 1 {
        for i in 0..lines.len() {
            let mut l = lines.clone();
            l.remove(i);
            out.push(l.join("\n"));
        }
    }
    for (li, line) in lines.iter().enumerate() {
        if let Some((prefix, args, suffix)) = split_call_args(line) {
            if args.len() < 2 {
                continue;
            }
            for ai in 0..args.len() {
                let mut a = args.clone();
                a.remove(ai);
                let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                l[li] = format!("{prefix}{}{suffix}", a.join(", "));
                out.push(l.join("\n"));
            }
        }
    }
    out
}

/// Simplifies the text of every kept unit (lines, print arguments) while `test` holds.
fn shrink_text(
    m: &mut Masked,
    test: &mut dyn FnMut(&Program) -> bool,
    stop: &dyn Fn() -> bool,
) -> bool {
    let mut changed = false;
    for u in m.items() {
        loop {
            if stop() {
                return changed;
            }
            let text = m.text(u).to_string();
            let mut improved = false;
            for cand in text_candidates(&text) {
                if stop() {
                    return changed;
                }
                m.set_text(u, cand.clone());
                if test(&m.build()) {
                    improved = true;
                    changed = true;
                    break;
                }
                m.set_text(u, text.clone());
            }
            if !improved {
                break;
            }
        }
    }
    changed
}

/// Shrinks `prog` while `test` holds; returns the smallest program found and the number of
/// tests run.
pub fn shrink(
    prog: &Program,
    test: &mut dyn FnMut(&Program) -> bool,
    deadline: Instant,
) -> (Program, usize) {
    let mut m = Masked::new(prog);
    let mut count = 0usize;
    let mut counted = |p: &Program| {
        count += 1;
        test(p)
    };
    let stop = || Instant::now() >= deadline;
    for _round in 0..3 {
        let mut changed = false;
        let u = m.blocks();
        changed |= dd(&mut m, u, &mut counted, &stop);
        let u = m.items();
        changed |= dd(&mut m, u, &mut counted, &stop);
        let u = m.pre();
        changed |= dd(&mut m, u, &mut counted, &stop);
        if !changed || stop() {
            break;
        }
    }
    shrink_text(&mut m, &mut counted, &stop);
    (m.build(), count)
}

/// Result of checking one seed.
struct SeedReport {
    seed: u64,
    oracle_failure: Option<String>,
    /// (config index, kind, description)
    problems: Vec<(usize, Kind, String)>,
    reproducer: Option<PathBuf>,
}

struct Ctx<'a> {
    opts: &'a DiffOptions,
    reference: Config,
    reference_is_oracle: bool,
    configs: Vec<Config>,
    shrinks_left: AtomicUsize,
    signatures: Mutex<HashSet<String>>,
}

fn script_name(seed: u64) -> String {
    format!("seed-{seed}.lua")
}

impl Ctx<'_> {
    fn run_text(&self, cfg: &Config, dir: &Path, name: &str, text: &str) -> Outcome {
        std::fs::write(dir.join(name), text).expect("cannot write the program file");
        run(cfg, name, dir, self.opts.timeout)
    }

    fn reference_ok(&self, out: &Outcome) -> bool {
        if self.reference_is_oracle {
            out.status == Status::Exit(0)
        } else {
            matches!(out.status, Status::Exit(_))
        }
    }

    fn check_seed(&self, seed: u64, dir: &Path) -> SeedReport {
        let prog = generate_with(seed, &self.opts.gen);
        let text = prog.render();
        let name = script_name(seed);
        std::fs::write(dir.join(&name), &text).expect("cannot write the program file");
        let reference = run(&self.reference, &name, dir, self.opts.timeout);
        let mut report = SeedReport {
            seed,
            oracle_failure: None,
            problems: Vec::new(),
            reproducer: None,
        };
        if self.reference_is_oracle && reference.status != Status::Exit(0) {
            report.oracle_failure = Some(format!(
                "{}: {}",
                reference.status,
                clip(&reference.stderr_first(), 200)
            ));
            return report;
        }
        let mut outs = Vec::new();
        for (i, cfg) in self.configs.iter().enumerate() {
            let out = run(cfg, &name, dir, self.opts.timeout);
            if let Some(kind) = compare(&reference, &out) {
                report.problems.push((i, kind, describe(&reference, &out)));
            }
            outs.push(out);
        }
        if report.problems.is_empty() || !self.opts.shrink {
            return report;
        }
        // Shrink the first problem whose signature is new, within the run's shrink budget.
        let (ci, kind, _) = report.problems[0].clone();
        let sig = signature(&self.configs[ci].name, kind, &reference, &outs[ci]);
        {
            let mut sigs = self.signatures.lock().unwrap();
            if sigs.contains(&sig) {
                return report;
            }
            sigs.insert(sig);
        }
        if self
            .shrinks_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_err()
        {
            return report;
        }
        report.reproducer = self.shrink_and_save(&prog, seed, ci, kind, dir);
        report
    }

    fn shrink_and_save(
        &self,
        prog: &Program,
        seed: u64,
        ci: usize,
        kind: Kind,
        dir: &Path,
    ) -> Option<PathBuf> {
        let target = &self.configs[ci];
        let name = format!("shrink-{seed}.lua");
        let mut test = |p: &Program| {
            let text = p.render();
            let r = self.run_text(&self.reference, dir, &name, &text);
            if !self.reference_ok(&r) {
                return false;
            }
            let o = run(target, &name, dir, self.opts.timeout);
            compare(&r, &o) == Some(kind)
        };
        let deadline = Instant::now() + self.opts.shrink_time;
        let (small, tests) = shrink(prog, &mut test, deadline);
        // Describe the final program, with every configuration.
        let text = small.render();
        let reference = self.run_text(&self.reference, dir, &name, &text);
        let mut disagree = Vec::new();
        let mut target_out = None;
        for (i, cfg) in self.configs.iter().enumerate() {
            let o = run(cfg, &name, dir, self.opts.timeout);
            if compare(&reference, &o).is_some() {
                disagree.push(format!("{} ({})", cfg.name, describe(&reference, &o)));
            }
            if i == ci {
                target_out = Some(o);
            }
        }
        let target_out = target_out?;
        let flags = target.args.join(" ");
        let header = vec![
            format!(
                "crescent-fuzz reproducer: seed {seed}, {} in config {}, shrunk from {} to {} units in {tests} runs",
                kind.label(),
                target.name,
                prog.size(),
                small.size()
            ),
            format!("configs that disagree with {}: {}", self.reference.name, clip(&disagree.join("; "), 600)),
            format!(
                "expected ({}): {}, {} bytes of stdout, stderr \"{}\"",
                self.reference.name,
                reference.status,
                reference.stdout.len(),
                clip(&reference.stderr_first(), 200)
            ),
            format!(
                "got ({}): {}, {} bytes of stdout, stderr \"{}\"",
                target.name,
                target_out.status,
                target_out.stdout.len(),
                clip(&target_out.stderr_first(), 200)
            ),
            format!("how: {}", clip(&describe(&reference, &target_out), 400)),
            format!(
                "rerun: target/release/crescent {}{}tests/fuzz-repro/seed-{seed}.lua   (line numbers match the run above; the chunk name differs)",
                flags,
                if flags.is_empty() { "" } else { " " }
            ),
        ];
        debug_assert_eq!(header.len(), HEADER_LINES);
        let out = small.render_with_header(&header);
        if let Err(e) = std::fs::create_dir_all(&self.opts.repro_dir) {
            eprintln!("cannot create {}: {e}", self.opts.repro_dir.display());
            return None;
        }
        let path = self.opts.repro_dir.join(format!("seed-{seed}.lua"));
        match std::fs::write(&path, out) {
            Ok(()) => Some(path),
            Err(e) => {
                eprintln!("cannot write {}: {e}", path.display());
                None
            }
        }
    }
}

/// Checks which configurations the binary accepts: a configuration whose flags are rejected
/// (`unrecognized option`, a usage message) on an empty script is skipped.
pub fn probe(cfg: &Config, dir: &Path, timeout: Duration) -> Result<(), String> {
    std::fs::write(dir.join("probe.lua"), "").map_err(|e| e.to_string())?;
    let out = run(cfg, "probe.lua", dir, timeout);
    if let Status::SpawnError(e) = &out.status {
        return Err(format!("cannot run {}: {e}", cfg.program.display()));
    }
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    if out.status != Status::Exit(0)
        && (err.contains("unrecognized option")
            || err.contains("unknown option")
            || err.contains("invalid option")
            || err.contains("usage:"))
    {
        return Err(format!(
            "flags rejected: {}",
            clip(&out.stderr_first(), 120)
        ));
    }
    Ok(())
}

/// Runs the differential test over `seeds`, printing a line per failing program, and returns
/// the summary.
pub fn run_diff(opts: &DiffOptions, seeds: Seeds) -> Summary {
    let start = Instant::now();
    let _ = std::fs::create_dir_all(&opts.work_dir);
    let mut summary = Summary::default();
    let mut configs = Vec::new();
    for (name, flags) in &opts.configs {
        let cfg = Config {
            name: name.clone(),
            program: opts.crescent.clone(),
            args: flags.clone(),
        };
        match probe(&cfg, &opts.work_dir, opts.timeout) {
            Ok(()) => configs.push(cfg),
            Err(why) => {
                println!("config {name}: skipped ({why})");
                summary.skipped.push((name.clone(), why));
            }
        }
    }
    let (reference, reference_is_oracle) = match &opts.oracle {
        Some(o) => (
            Config {
                name: "lua5.4".into(),
                program: o.clone(),
                args: vec![],
            },
            true,
        ),
        None => {
            if configs.is_empty() {
                summary.reference = "nothing".into();
                summary.elapsed = start.elapsed();
                return summary;
            }
            (configs.remove(0), false)
        }
    };
    summary.reference = reference.name.clone();
    summary.stats = configs
        .iter()
        .map(|c| (c.name.clone(), ConfigStats::default()))
        .collect();
    let ctx = Ctx {
        opts,
        reference,
        reference_is_oracle,
        configs,
        shrinks_left: AtomicUsize::new(if opts.shrink { opts.max_shrink } else { 0 }),
        signatures: Mutex::new(HashSet::new()),
    };
    let source = Mutex::new((seeds, Rng::new(0)));
    let next_seed = || -> Option<u64> {
        let mut s = source.lock().unwrap();
        let (seeds, rng) = &mut *s;
        match seeds {
            Seeds::Range(a, b) => {
                if *a >= *b {
                    None
                } else {
                    *a += 1;
                    Some(*a - 1)
                }
            }
            Seeds::Long { deadline, start } => {
                if Instant::now() >= *deadline {
                    None
                } else {
                    if *start != 0 {
                        *rng = Rng::new(*start);
                        *start = 0;
                    }
                    Some(rng.next_u64() >> 1)
                }
            }
        }
    };
    let (tx, rx) = mpsc::channel::<SeedReport>();
    let is_long = matches!(source.lock().unwrap().0, Seeds::Long { .. });
    std::thread::scope(|scope| {
        for w in 0..opts.jobs.max(1) {
            let tx = tx.clone();
            let ctx = &ctx;
            let next_seed = &next_seed;
            let dir = opts.work_dir.join(format!("w{w}"));
            scope.spawn(move || {
                let _ = std::fs::create_dir_all(&dir);
                while let Some(seed) = next_seed() {
                    let r = ctx.check_seed(seed, &dir);
                    let _ = std::fs::remove_file(dir.join(script_name(seed)));
                    if tx.send(r).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut last_progress = Instant::now();
        for r in rx {
            summary.programs += 1;
            if let Some(why) = &r.oracle_failure {
                println!("seed {}: GENERATOR BUG, the oracle fails: {why}", r.seed);
                summary.oracle_failures.push(r.seed);
            }
            if !r.problems.is_empty() {
                summary.failing_programs += 1;
                let parts: Vec<String> = r
                    .problems
                    .iter()
                    .map(|(ci, kind, d)| {
                        format!(
                            "[{}] {}: {}",
                            ctx.configs[*ci].name,
                            kind.label(),
                            clip(d, 160)
                        )
                    })
                    .collect();
                println!("seed {}: {}", r.seed, parts.join(" | "));
                for (ci, kind, _) in &r.problems {
                    let st = &mut summary.stats[*ci].1;
                    match kind {
                        Kind::Divergence => st.divergences += 1,
                        Kind::Crash => st.crashes += 1,
                        Kind::Timeout => st.timeouts += 1,
                    }
                }
            }
            if let Some(p) = r.reproducer {
                println!("seed {}: reproducer saved to {}", r.seed, p.display());
                summary.reproducers.push(p);
            }
            if is_long && last_progress.elapsed() >= Duration::from_secs(60) {
                last_progress = Instant::now();
                println!(
                    "[long] {:.0} min: {} programs, {} failing",
                    start.elapsed().as_secs_f64() / 60.0,
                    summary.programs,
                    summary.failing_programs
                );
            }
        }
    });
    summary.elapsed = start.elapsed();
    summary
}

/// Result of validating the generator against the oracle.
#[derive(Debug, Default)]
pub struct OracleCheck {
    pub programs: usize,
    pub failures: Vec<(u64, String)>,
    pub max_time: Duration,
    pub max_time_seed: u64,
    pub total_stdout: usize,
}

/// Runs every program twice under the oracle: it must exit 0, within `limit`, with the same
/// output both times, and without truncation.
pub fn check_oracle(
    oracle: &Path,
    seeds: (u64, u64),
    jobs: usize,
    limit: Duration,
    gen: &GenOptions,
    work: &Path,
) -> OracleCheck {
    let cfg = Config {
        name: "lua5.4".into(),
        program: oracle.to_path_buf(),
        args: vec![],
    };
    let next = Mutex::new(seeds.0);
    let result = Mutex::new(OracleCheck::default());
    let _ = std::fs::create_dir_all(work);
    std::thread::scope(|scope| {
        for w in 0..jobs.max(1) {
            let (cfg, next, result) = (&cfg, &next, &result);
            let dir = work.join(format!("o{w}"));
            scope.spawn(move || {
                let _ = std::fs::create_dir_all(&dir);
                loop {
                    let seed = {
                        let mut n = next.lock().unwrap();
                        if *n >= seeds.1 {
                            break;
                        }
                        *n += 1;
                        *n - 1
                    };
                    let text = generate_with(seed, gen).render();
                    let name = script_name(seed);
                    std::fs::write(dir.join(&name), &text).unwrap();
                    let a = run(cfg, &name, &dir, limit * 10);
                    let b = run(cfg, &name, &dir, limit * 10);
                    let _ = std::fs::remove_file(dir.join(&name));
                    let mut problem = None;
                    if a.status != Status::Exit(0) {
                        problem = Some(format!("{}: {}", a.status, a.stderr_first()));
                    } else if a.truncated {
                        problem = Some("output too large".into());
                    } else if a.stdout != b.stdout || a.key() != b.key() {
                        problem = Some(format!("not deterministic: {}", describe(&a, &b)));
                    } else if a.elapsed.min(b.elapsed) > limit {
                        problem = Some(format!("too slow: {:?}", a.elapsed.min(b.elapsed)));
                    }
                    let mut r = result.lock().unwrap();
                    r.programs += 1;
                    r.total_stdout += a.stdout.len();
                    let t = a.elapsed.min(b.elapsed);
                    if t > r.max_time {
                        r.max_time = t;
                        r.max_time_seed = seed;
                    }
                    if let Some(p) = problem {
                        println!("seed {seed}: {}", clip(&p, 300));
                        r.failures.push((seed, p));
                    }
                }
            });
        }
    });
    result.into_inner().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_args_are_split_at_top_level() {
        let (p, a, s) = split_call_args("  P(a, f(b, c), \"x,y\", {1, 2})").unwrap();
        assert_eq!(p, "  P(");
        assert_eq!(a, vec!["a", "f(b, c)", "\"x,y\"", "{1, 2}"]);
        assert_eq!(s, ")");
        assert!(split_call_args("P(a) .. x").is_none());
        assert!(split_call_args("x = 1").is_none());
    }

    #[test]
    fn shrinking_finds_the_culprit() {
        // The "bug": any program containing the marker.
        let p = crate::generate(3);
        let mut p2 = p.clone();
        let bi = p2.blocks.len() / 2;
        p2.blocks[bi].body.push("P(1, \"MARK\", 2)".to_string());
        let mut test = |q: &Program| q.render().contains("MARK");
        let (small, _) = shrink(&p2, &mut test, Instant::now() + Duration::from_secs(30));
        assert_eq!(small.blocks.len(), 1);
        assert!(small.preamble.is_empty());
        assert!(small.render().contains("P(\"MARK\")"), "{}", small.render());
    }
}
