//! Running one program under one configuration: a child process with a timeout (killed when
//! it runs over), stdout and stderr captured (capped), exit status or signal recorded.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Output past this many bytes is dropped (and the run marked as truncated).
pub const OUTPUT_CAP: usize = 32 << 20;

/// One way of running a script: a binary and the flags before the script name.
#[derive(Clone, Debug)]
pub struct Config {
    /// Label in reports (e.g. `-joff`, `default`, `lua5.4`).
    pub name: String,
    pub program: PathBuf,
    pub args: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Exit(i32),
    Signal(i32),
    Timeout,
    /// The binary could not be started.
    SpawnError(String),
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Exit(c) => write!(f, "exit {c}"),
            Status::Signal(s) => write!(f, "signal {s}{}", signal_name(*s)),
            Status::Timeout => write!(f, "timeout"),
            Status::SpawnError(e) => write!(f, "cannot run: {e}"),
        }
    }
}

fn signal_name(s: i32) -> &'static str {
    match s {
        4 => " (SIGILL)",
        5 => " (SIGTRAP)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        8 => " (SIGFPE)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        _ => "",
    }
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub truncated: bool,
    pub elapsed: Duration,
}

impl Outcome {
    /// The first line of stderr with the program name (`lua5.4: `, `crescent: `) removed,
    /// so messages from different binaries compare equal.
    pub fn stderr_first(&self) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let line = text.lines().next().unwrap_or("").to_string();
        normalize_progname(&line)
    }

    pub fn is_crash(&self) -> bool {
        matches!(self.status, Status::Signal(_))
    }

    /// What two runs are compared on: status, stdout and the first stderr line.
    pub fn key(&self) -> (String, &[u8], String) {
        (self.status.to_string(), &self.stdout, self.stderr_first())
    }
}

/// Removes a leading `name: ` where `name` is a program name (no spaces, no `/`... except
/// a path to the binary): `lua5.4: x.lua:3: boom` becomes `x.lua:3: boom`.
pub fn normalize_progname(line: &str) -> String {
    if let Some(idx) = line.find(": ") {
        let head = &line[..idx];
        let base = head.rsplit('/').next().unwrap_or(head);
        let known = base.starts_with("lua") || base.starts_with("crescent");
        if !head.contains(' ') && known {
            return line[idx + 2..].to_string();
        }
    }
    line.to_string()
}

fn reader<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<(Vec<u8>, bool)> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 65536];
        let mut truncated = false;
        loop {
            match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if out.len() + n <= OUTPUT_CAP {
                        out.extend_from_slice(&buf[..n]);
                    } else {
                        truncated = true;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        (out, truncated)
    })
}

/// Runs `config` on `script` (a file name relative to `cwd`), killing it after `timeout`.
pub fn run(config: &Config, script: &str, cwd: &Path, timeout: Duration) -> Outcome {
    let start = Instant::now();
    let mut cmd = Command::new(&config.program);
    cmd.args(&config.args).arg(script).current_dir(cwd);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                status: Status::SpawnError(e.to_string()),
                stdout: Vec::new(),
                stderr: Vec::new(),
                truncated: false,
                elapsed: start.elapsed(),
            }
        }
    };
    let out_h = reader(child.stdout.take().unwrap());
    let err_h = reader(child.stderr.take().unwrap());
    let mut sleep = Duration::from_micros(200);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break exit_status(st),
            Ok(None) => {
                if start.elapsed() >= timeout {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Status::Timeout;
                }
                std::thread::sleep(sleep);
                sleep = (sleep * 2).min(Duration::from_millis(10));
            }
            Err(e) => break Status::SpawnError(e.to_string()),
        }
    };
    let elapsed = start.elapsed();
    let (stdout, t1) = out_h.join().unwrap_or_default();
    let (stderr, t2) = err_h.join().unwrap_or_default();
    Outcome {
        status,
        stdout,
        stderr,
        truncated: t1 || t2,
        elapsed,
    }
}

#[cfg(unix)]
fn exit_status(st: std::process::ExitStatus) -> Status {
    use std::os::unix::process::ExitStatusExt;
    if let Some(sig) = st.signal() {
        return Status::Signal(sig);
    }
    Status::Exit(st.code().unwrap_or(-1))
}

#[cfg(not(unix))]
fn exit_status(st: std::process::ExitStatus) -> Status {
    Status::Exit(st.code().unwrap_or(-1))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn progname_is_stripped() {
        assert_eq!(normalize_progname("lua5.4: x.lua:3: boom"), "x.lua:3: boom");
        assert_eq!(
            normalize_progname("crescent: x.lua:3: boom"),
            "x.lua:3: boom"
        );
        assert_eq!(
            normalize_progname("/a/b/crescent: oops: more"),
            "oops: more"
        );
        assert_eq!(normalize_progname("x.lua:3: boom"), "x.lua:3: boom");
    }
}
