//! Data-driven conformance corpus for the Lua 5.4 core language.
//!
//! Cases live in `tests/conformance/<topic>/<name>.lua` at the repository root. Beside each
//! case:
//! - `<name>.expected`: the exact stdout of `lua5.4 <name>.lua` (bytes, compared exactly);
//! - `<name>.stderr`: only when lua5.4 exits non-zero, two lines:
//!   ```text
//!   exit: 1
//!   lua: <name>.lua:3: the error message
//!   ```
//!   i.e. the exit status and the first line of stderr, with the program name normalized to
//!   `lua` (lua5.4 prints `lua5.4: msg`, crescent prints `crescent: msg`; both become
//!   `lua: msg`). Traceback lines are not compared.
//!
//! Every case runs with its own directory as the working directory and its file name as the
//! script argument, so chunknames (and thus error positions) match lua5.4's.
//!
//! Environment:
//! - `CONFORMANCE_FILTER=substr`: run only cases whose `topic/name.lua` contains `substr`.
//! - `CONFORMANCE_TIER=name`: run only the tier configuration with that name.
//! - `CONFORMANCE_JOBS=n`: worker threads (default: available parallelism).
//! - `BLESS=1`: regenerate the expectations by running `lua5.4` (or `$CONFORMANCE_LUA`),
//!   then stop without running crescent. Only blessing needs lua5.4 installed.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Tier configurations every case runs under: (name, extra arguments before the script).
/// Adding a tier is one line here.
const TIERS: &[(&str, &[&str])] = &[
    ("interp", &["-joff"]),
    ("baseline-t0", &["--tier=baseline", "--jit-threshold=0"]),
    // Recompiled early with feedback (float-first layouts), and under the default count.
    (
        "baseline-recompile",
        &["--tier=baseline", "--jit-threshold=0", "--jit-recompile=20"],
    ),
];

/// A case (or a bless run) taking longer than this is killed and reported.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Output beyond this many bytes per stream is discarded (a runaway print loop).
const OUTPUT_CAP: usize = 16 << 20;
/// Lines in the report are cut to this many characters.
const LINE_CUT: usize = 160;

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

struct Case {
    /// `topic/name.lua`, with forward slashes.
    id: String,
    topic: String,
    dir: PathBuf,
    file: String,
}

impl Case {
    fn lua_path(&self) -> PathBuf {
        self.dir.join(&self.file)
    }
    fn stem(&self) -> &str {
        self.file.strip_suffix(".lua").unwrap()
    }
    fn expected_path(&self) -> PathBuf {
        self.dir.join(format!("{}.expected", self.stem()))
    }
    fn stderr_path(&self) -> PathBuf {
        self.dir.join(format!("{}.stderr", self.stem()))
    }
}

fn discover() -> Vec<Case> {
    let root = corpus_root();
    let mut cases = Vec::new();
    let mut topics: Vec<_> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read corpus {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    topics.sort();
    for dir in topics {
        let topic = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".lua"))
            .collect();
        files.sort();
        for file in files {
            cases.push(Case {
                id: format!("{topic}/{file}"),
                topic: topic.clone(),
                dir: dir.clone(),
                file,
            });
        }
    }
    cases
}

fn filtered(cases: Vec<Case>) -> Vec<Case> {
    match std::env::var("CONFORMANCE_FILTER") {
        Ok(f) if !f.is_empty() => cases.into_iter().filter(|c| c.id.contains(&f)).collect(),
        _ => cases,
    }
}

// ---------------------------------------------------------------------------------------------
// Running a process with a timeout.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Exit(i32),
    Signal(i32),
    Timeout,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Exit(c) => write!(f, "exit {c}"),
            Status::Signal(s) => write!(f, "killed by signal {s}"),
            Status::Timeout => write!(f, "timed out after {}s", TIMEOUT.as_secs()),
        }
    }
}

struct Output {
    status: Status,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

/// Drains a pipe on its own thread into a shared buffer. The buffer is shared rather than
/// returned so that output can still be collected when a grandchild keeps the pipe open after
/// the child was killed (the thread is then abandoned).
fn read_capped(mut r: impl Read + Send + 'static) -> (Arc<Mutex<Vec<u8>>>, mpsc::Receiver<()>) {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let (done_tx, done_rx) = mpsc::channel();
    let shared = Arc::clone(&buf);
    thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match r.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut kept = shared.lock().unwrap();
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..n.min(room)]);
                }
            }
        }
        let _ = done_tx.send(());
    });
    (buf, done_rx)
}

fn collect(reader: (Arc<Mutex<Vec<u8>>>, mpsc::Receiver<()>)) -> Vec<u8> {
    let _ = reader.1.recv_timeout(Duration::from_secs(2));
    let data = reader.0.lock().unwrap().clone();
    data
}

fn run(program: &str, argv0: &str, args: &[&str], case: &Case) -> Output {
    let mut cmd = Command::new(program);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so that a timeout also kills anything it spawned.
        cmd.arg0(argv0).process_group(0);
    }
    #[cfg(not(unix))]
    let _ = argv0;
    cmd.args(args)
        .arg(&case.file)
        .current_dir(&case.dir)
        .env_remove("LUA_INIT")
        .env_remove("LUA_INIT_5_4")
        .env_remove("LUA_PATH")
        .env_remove("LUA_CPATH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => panic!("cannot run {program}: {e}"),
    };
    let out = read_capped(child.stdout.take().unwrap());
    let err = read_capped(child.stderr.take().unwrap());
    let mut nap = Duration::from_millis(1);
    let status = loop {
        match child.try_wait().expect("wait failed") {
            Some(st) => break exit_status(st),
            None if start.elapsed() >= TIMEOUT => {
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .stderr(Stdio::null())
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                break Status::Timeout;
            }
            None => {
                thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(20));
            }
        }
    };
    let elapsed = start.elapsed();
    Output {
        status,
        stdout: collect(out),
        stderr: collect(err),
        elapsed,
    }
}

fn exit_status(st: std::process::ExitStatus) -> Status {
    if let Some(c) = st.code() {
        return Status::Exit(c);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(s) = st.signal() {
            return Status::Signal(s);
        }
    }
    Status::Signal(-1)
}

/// Runs `f` on every item with `CONFORMANCE_JOBS` (default: all cores) threads; results keep
/// the input order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = std::env::var("CONFORMANCE_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| {
            thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..jobs.min(items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let r = f(&items[i]);
                results.lock().unwrap()[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Expectations.

struct Expectation {
    stdout: Vec<u8>,
    /// Exit status and normalized first stderr line; `None` means exit 0.
    failure: Option<(i32, String)>,
}

/// The first line of stderr with the program name (`lua5.4`, `lua`, `crescent`, or a path
/// ending in one of those) replaced by `lua`.
fn normalize_stderr(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().next().unwrap_or("");
    if let Some(pos) = line.find(": ") {
        let prog = &line[..pos];
        let base = prog.rsplit('/').next().unwrap_or(prog);
        if !prog.contains(char::is_whitespace) && matches!(base, "lua" | "lua5.4" | "crescent") {
            return format!("lua: {}", &line[pos + 2..]);
        }
    }
    line.to_string()
}

fn load_expectation(case: &Case) -> Result<Expectation, String> {
    let rel = |ext: &str| format!("tests/conformance/{}/{}.{ext}", case.topic, case.stem());
    let stdout = fs::read(case.expected_path())
        .map_err(|_| format!("missing {} (run with BLESS=1)", rel("expected")))?;
    let failure = match fs::read_to_string(case.stderr_path()) {
        Err(_) => None,
        Ok(text) => {
            let mut lines = text.lines();
            let code = lines
                .next()
                .and_then(|l| l.strip_prefix("exit: "))
                .and_then(|c| c.trim().parse().ok())
                .ok_or_else(|| format!("{}: first line must be `exit: N`", rel("stderr")))?;
            Some((code, lines.next().unwrap_or("").to_string()))
        }
    };
    Ok(Expectation { stdout, failure })
}

// ---------------------------------------------------------------------------------------------
// Reporting.

fn cut(s: &str) -> String {
    let quoted = format!("{s:?}");
    if quoted.chars().count() > LINE_CUT {
        let mut t: String = quoted.chars().take(LINE_CUT).collect();
        t.push_str("...");
        t
    } else {
        quoted
    }
}

/// Describes the first difference between two outputs, or `None` when they are equal.
fn stdout_diff(expected: &[u8], got: &[u8]) -> Option<String> {
    if expected == got {
        return None;
    }
    let e = String::from_utf8_lossy(expected);
    let g = String::from_utf8_lossy(got);
    let el: Vec<&str> = e.split('\n').collect();
    let gl: Vec<&str> = g.split('\n').collect();
    let n = el.iter().zip(&gl).take_while(|(a, b)| a == b).count();
    let show = |v: &[&str], i: usize| match v.get(i) {
        Some(l) if i + 1 == v.len() && l.is_empty() => "<end of output>".to_string(),
        Some(l) => cut(l),
        None => "<end of output>".to_string(),
    };
    let (el_total, gl_total) = (el.len().saturating_sub(1), gl.len().saturating_sub(1));
    Some(format!(
        "stdout differs at line {} ({} expected lines, {} got):\n      expected {}\n      got      {}",
        n + 1,
        el_total,
        gl_total,
        show(&el, n),
        show(&gl, n)
    ))
}

fn check(exp: &Expectation, out: &Output) -> Vec<String> {
    let mut problems = Vec::new();
    let want_status = Status::Exit(exp.failure.as_ref().map_or(0, |f| f.0));
    if out.status != want_status {
        problems.push(format!(
            "status: expected {want_status}, got {}",
            out.status
        ));
    }
    if let Some(d) = stdout_diff(&exp.stdout, &out.stdout) {
        problems.push(d);
    }
    let got_err = normalize_stderr(&out.stderr);
    match &exp.failure {
        Some((_, want)) if *want != got_err => problems.push(format!(
            "stderr first line differs:\n      expected {}\n      got      {}",
            cut(want),
            cut(&got_err)
        )),
        None if !problems.is_empty() && !got_err.is_empty() => {
            problems.push(format!("stderr: {}", cut(&got_err)))
        }
        _ => {}
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The tests.

fn bless(cases: &[Case]) {
    let lua = std::env::var("CONFORMANCE_LUA").unwrap_or_else(|_| "lua5.4".to_string());
    let results = parallel_map(cases, |case| run(&lua, &lua, &[], case));
    let mut changed = Vec::new();
    let mut slow = Vec::new();
    for (case, out) in cases.iter().zip(&results) {
        let code = match out.status {
            Status::Exit(c) => c,
            other => panic!("{}: {lua} {other}", case.id),
        };
        if out.elapsed > Duration::from_millis(200) {
            slow.push(format!("{} ({:.2}s)", case.id, out.elapsed.as_secs_f64()));
        }
        let mut write = |path: PathBuf, data: Option<Vec<u8>>| {
            let old = fs::read(&path).ok();
            if old != data {
                let what = match (&old, &data) {
                    (None, _) => "new",
                    (_, None) => "removed",
                    _ => "changed",
                };
                let rel = path
                    .strip_prefix(corpus_root())
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                changed.push(format!("{what} {rel}"));
                match data {
                    Some(d) => fs::write(&path, d).unwrap(),
                    None => fs::remove_file(&path).unwrap(),
                }
            }
        };
        write(case.expected_path(), Some(out.stdout.clone()));
        let stderr = (code != 0)
            .then(|| format!("exit: {code}\n{}\n", normalize_stderr(&out.stderr)).into_bytes());
        write(case.stderr_path(), stderr);
    }
    eprintln!(
        "blessed {} cases with {lua}; {} files changed",
        cases.len(),
        changed.len()
    );
    for c in &changed {
        eprintln!("  {c}");
    }
    for s in &slow {
        eprintln!("  slow under {lua}: {s}");
    }
}

fn blessing() -> bool {
    std::env::var("BLESS").is_ok_and(|b| !b.is_empty() && b != "0")
}

#[test]
fn conformance() {
    let cases = filtered(discover());
    if blessing() {
        bless(&cases);
        return;
    }
    let bin = env!("CARGO_BIN_EXE_crescent");
    let tiers: Vec<_> = match std::env::var("CONFORMANCE_TIER") {
        Ok(t) if !t.is_empty() => TIERS.iter().filter(|(n, _)| *n == t).collect(),
        _ => TIERS.iter().collect(),
    };
    assert!(!tiers.is_empty(), "no tier configuration selected");
    let jobs: Vec<(&Case, &(&str, &[&str]))> = tiers
        .iter()
        .flat_map(|t| cases.iter().map(move |c| (c, *t)))
        .collect();
    let start = Instant::now();
    let results = parallel_map(&jobs, |(case, (_, args))| match load_expectation(case) {
        Err(e) => vec![e],
        Ok(exp) => check(&exp, &run(bin, "crescent", args, case)),
    });

    let mut failed = 0;
    let mut per_topic: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut report = String::new();
    for ((case, (tier, _)), problems) in jobs.iter().zip(&results) {
        let entry = per_topic.entry((tier, &case.topic)).or_default();
        entry.0 += 1;
        if problems.is_empty() {
            continue;
        }
        entry.1 += 1;
        failed += 1;
        report.push_str(&format!("FAIL [{tier}] {}\n", case.id));
        for p in problems {
            report.push_str(&format!("    {p}\n"));
        }
    }
    eprintln!(
        "conformance: {} cases x {} tiers = {} runs in {:.1}s: {} passed, {} failed",
        cases.len(),
        tiers.len(),
        jobs.len(),
        start.elapsed().as_secs_f64(),
        jobs.len() - failed,
        failed
    );
    if failed > 0 {
        eprint!("{report}");
        eprintln!("failures per tier/topic:");
        for ((tier, topic), (total, bad)) in &per_topic {
            if *bad > 0 {
                eprintln!("    [{tier}] {topic:<16} {bad}/{total} failed");
            }
        }
        eprintln!("(one case: CONFORMANCE_FILTER=topic/name; run it by hand: cd tests/conformance/<topic> && crescent <name>.lua)");
        panic!("{failed} of {} conformance runs failed", jobs.len());
    }
}

#[test]
fn corpus_is_complete() {
    let cases = discover();
    assert!(
        cases.len() >= 150,
        "only {} conformance cases; expected at least 150",
        cases.len()
    );
    if blessing() {
        return; // the expectations are being rewritten right now
    }
    let mut missing = Vec::new();
    for case in &cases {
        assert!(case.lua_path().is_file());
        if let Err(e) = load_expectation(case) {
            missing.push(e);
        }
    }
    // Every expectation file belongs to a case.
    for dir in cases
        .iter()
        .map(|c| &c.dir)
        .collect::<std::collections::BTreeSet<_>>()
    {
        for entry in fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(stem) = name
                .strip_suffix(".expected")
                .or_else(|| name.strip_suffix(".stderr"))
            {
                if !dir.join(format!("{stem}.lua")).is_file() {
                    missing.push(format!(
                        "{} has no case {stem}.lua",
                        dir.join(&name).display()
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "corpus problems:\n{}",
        missing.join("\n")
    );
}
