//! Running one process and measuring it: wall time, user+system time and peak RSS, the last
//! two from `wait4`'s `rusage` for exactly that child.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Measurement {
    pub wall: f64,
    pub cpu: f64,
    /// Peak resident set size in KiB (`ru_maxrss`).
    pub maxrss_kib: u64,
}

#[derive(Debug)]
pub enum Outcome {
    /// Exited with status 0.
    Ok {
        stdout: Vec<u8>,
        m: Measurement,
    },
    /// Exited non-zero or was killed by a signal; `why` is short and printable.
    Failed {
        why: String,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    TimedOut {
        after: f64,
    },
    /// Could not be started at all.
    SpawnError(String),
}

/// Name of the hidden sub-command that measures one child process.
pub const HELPER: &str = "__measure";

/// Runs `argv` with stdin closed and stdout/stderr captured to files in `scratch`.
///
/// The process is started through a fresh copy of this executable (`crescent-bench
/// __measure ...`), which spawns it, waits for it with `wait4` and writes the measurement to a
/// report file. The indirection is for `ru_maxrss`: Linux records the high-water RSS of the
/// address space a process had before `exec` (for a fork or vfork child, its parent's) into
/// the child's own peak, so every child of the harness would report at least the harness's
/// own peak (tens of MiB after reading a large output). The helper is a freshly executed,
/// small process, so the floor it imposes is its own peak of about a megabyte.
pub fn run(argv: &[String], scratch: &Path, timeout: Duration) -> Outcome {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let report_path = scratch.join("report");
    let _ = std::fs::remove_file(&report_path);
    let (out_file, err_file) = match (File::create(&out_path), File::create(&err_path)) {
        (Ok(o), Ok(e)) => (o, e),
        (Err(e), _) | (_, Err(e)) => return Outcome::SpawnError(format!("scratch file: {e}")),
    };
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => return Outcome::SpawnError(format!("current_exe: {e}")),
    };
    let status = Command::new(exe)
        .arg(HELPER)
        .arg(&report_path)
        .arg(format!("{}", timeout.as_secs_f64()))
        .args(argv)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .status();
    if let Err(e) = status {
        return Outcome::SpawnError(format!("measuring helper: {e}"));
    }
    let report = std::fs::read_to_string(&report_path).unwrap_or_default();
    let fields: Vec<&str> = report.split_whitespace().collect();
    if fields.first() == Some(&"spawn-error") {
        return Outcome::SpawnError(report.trim_start_matches("spawn-error").trim().to_string());
    }
    let parsed = (|| -> Option<(i32, f64, f64, u64, bool)> {
        if fields.len() != 6 || fields[0] != "ok" {
            return None;
        }
        Some((
            fields[1].parse().ok()?,
            fields[2].parse().ok()?,
            fields[3].parse().ok()?,
            fields[4].parse().ok()?,
            fields[5] == "1",
        ))
    })();
    let Some((status, wall, cpu, maxrss_kib, timed_out)) = parsed else {
        return Outcome::SpawnError(format!("measuring helper: bad report {report:?}"));
    };
    if timed_out {
        return Outcome::TimedOut { after: wall };
    }
    let stdout = read_file(&out_path);
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        return Outcome::Ok {
            stdout,
            m: Measurement {
                wall,
                cpu,
                maxrss_kib,
            },
        };
    }
    let stderr = read_file(&err_path);
    let why = if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("exit {}", libc::WEXITSTATUS(status))
    };
    let first = first_line(&stderr);
    let why = if first.is_empty() {
        why
    } else {
        format!("{why}: {first}")
    };
    Outcome::Failed {
        why,
        stdout,
        stderr,
    }
}

/// The helper: `__measure REPORT TIMEOUT_SECS ARGV...`. Runs ARGV with the inherited stdio,
/// kills it after the timeout, and writes `ok STATUS WALL CPU MAXRSS_KIB TIMED_OUT` (or
/// `spawn-error MESSAGE`) to REPORT.
pub fn helper_main(args: &[String]) -> ! {
    let code = match helper(args) {
        Ok(()) => 0,
        Err(e) => {
            if let Some(report) = args.first() {
                let _ = std::fs::write(report, format!("spawn-error {e}\n"));
            }
            0
        }
    };
    std::process::exit(code)
}

fn helper(args: &[String]) -> Result<(), String> {
    if args.len() < 3 {
        return Err("usage: __measure REPORT TIMEOUT ARGV...".into());
    }
    let report = &args[0];
    let timeout: f64 = args[1].parse().map_err(|_| "bad timeout".to_string())?;
    let argv = &args[2..];
    let start = Instant::now();
    let child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", argv[0]))?;
    let pid = child.id() as libc::pid_t;

    // Watchdog: kills the child if it outlives the timeout.
    let fired = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = {
        let fired = fired.clone();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) =
                done_rx.recv_timeout(Duration::from_secs_f64(timeout))
            {
                fired.store(true, Ordering::SeqCst);
                // SAFETY: plain syscall; the child is not reaped yet, so the pid is still ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        })
    };
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; zeroed is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child; pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            let _ = done_tx.send(());
            let _ = watchdog.join();
            return Err(format!("wait4: {err}"));
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let _ = done_tx.send(());
    let _ = watchdog.join();
    // The child is reaped; dropping the handle does not wait or kill.
    drop(child);
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    let line = format!(
        "ok {} {:.6} {:.6} {} {}\n",
        status,
        wall,
        cpu,
        usage.ru_maxrss.max(0),
        if fired.load(Ordering::SeqCst) { 1 } else { 0 }
    );
    std::fs::write(report, line).map_err(|e| format!("{report}: {e}"))
}

fn read_file(p: &Path) -> Vec<u8> {
    let mut v = Vec::new();
    if let Ok(mut f) = File::open(p) {
        let _ = f.read_to_end(&mut v);
    }
    v
}

/// First non-empty line, trimmed to 100 characters, with table-breaking characters removed.
pub fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut s: String = line
        .chars()
        .filter(|&c| c != '|' && c != '`')
        .take(160)
        .collect();
    if line.chars().count() > 160 {
        s.push_str("...");
    }
    s
}

/// Looks a command up in PATH the way `Command` would (names with a slash are used as is).
pub fn which(cmd: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let is_exec = |p: &Path| {
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    };
    if cmd.contains('/') {
        let p = PathBuf::from(cmd);
        return is_exec(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| is_exec(p))
}

/// Runs a command to completion and returns its stdout+stderr as text (for version strings).
pub fn capture(argv: &[&str]) -> Option<String> {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(s.trim().to_string())
}
