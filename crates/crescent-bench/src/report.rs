//! The report: a Markdown table (stdout and `bench/results/NAME.md`) and the same data as
//! JSON (`bench/results/NAME.json`).

use std::fmt::Write as _;

use crate::run;
use crate::sizes::Mode;
use crate::{Cell, Config, Kind, Metric, Suite};

#[derive(Debug, Clone)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub os: String,
    pub date: String,
    pub crescent_rev: String,
    pub lua54: String,
    pub luajit: String,
}

impl Machine {
    pub fn detect() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|t| {
                t.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        let os = run::capture(&["uname", "-sr"]).unwrap_or_else(|| std::env::consts::OS.into());
        let rev = run::capture(&["git", "rev-parse", "--short", "HEAD"]).unwrap_or_default();
        let dirty = run::capture(&["git", "status", "--porcelain", "--untracked-files=no"])
            .map(|s| !s.is_empty())
            .unwrap_or(false);
        let crescent_rev = if rev.is_empty() {
            "unknown".into()
        } else if dirty {
            format!("{rev} (uncommitted changes)")
        } else {
            rev
        };
        let version = |exe: &str| {
            if run::which(exe).is_none() {
                return "not installed".to_string();
            }
            run::capture(&[exe, "-v"])
                .map(|s| s.lines().next().unwrap_or("").to_string())
                .unwrap_or_else(|| "unknown".into())
        };
        Machine {
            cpu,
            cores,
            os,
            date: utc_now(),
            crescent_rev,
            lua54: version("lua5.4"),
            luajit: version("luajit"),
        }
    }
}

/// Current UTC time as `YYYY-MM-DD HH:MM UTC`, without a date crate.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // civil-from-days (Howard Hinnant)
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// A speedup column: `peer` time divided by `subject` time.
pub struct Ratio {
    pub subject: usize,
    pub peer: usize,
    pub title: String,
}

/// Speedup columns: every crescent configuration against lua5.4 and luajit, then the peers
/// luajit and luajit -joff against lua5.4 for reference.
pub fn ratios(configs: &[Config]) -> Vec<Ratio> {
    let idx = |k: &str| configs.iter().position(|c| c.key == k);
    let mut v = Vec::new();
    for peer_key in ["lua5.4", "luajit"] {
        let Some(peer) = idx(peer_key) else { continue };
        for (i, c) in configs.iter().enumerate() {
            if c.kind == Kind::Crescent {
                v.push(Ratio {
                    subject: i,
                    peer,
                    title: format!("{} vs {}", c.label, peer_key),
                });
            }
        }
    }
    if let Some(l) = idx("lua5.4") {
        for k in ["luajit", "luajit-joff"] {
            if let Some(i) = idx(k) {
                v.push(Ratio {
                    subject: i,
                    peer: l,
                    title: format!("{} vs lua5.4", configs[i].label),
                });
            }
        }
    }
    v
}

pub fn geomean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some((xs.iter().map(|x| x.ln()).sum::<f64>() / xs.len() as f64).exp())
}

/// Speedup of `r` for every program where both sides have a value (None elsewhere).
pub fn speedups(suite: &Suite, r: &Ratio) -> Vec<Option<f64>> {
    suite
        .results
        .iter()
        .map(|p| {
            let s = p.cells[r.subject].value(suite.metric)?;
            let q = p.cells[r.peer].value(suite.metric)?;
            (s > 0.0).then(|| q / s)
        })
        .collect()
}

fn cell_text(c: &Cell, metric: Metric) -> String {
    match c {
        Cell::Measured(v) if v.is_empty() => "-".into(),
        Cell::Measured(_) => format!("{:.3}", c.median(metric).unwrap()),
        Cell::Instructions(ir) => group_digits(*ir),
        Cell::Failed(why) => format!("FAIL ({})", failure_kind(why)),
        Cell::Unavailable(_) => "n/a".into(),
    }
}

/// The short form of a failure for table cells: "exit 1", "wrong output", "timeout", ...
fn failure_kind(why: &str) -> String {
    let head = why
        .split(|c| c == ':' || c == '(')
        .next()
        .unwrap_or(why)
        .trim();
    head.strip_prefix("killed by ").unwrap_or(head).to_string()
}

fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn ratio_text(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{v:.2}x"),
        None => "-".into(),
    }
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(c);
        out.push_str(" |");
    }
    out.push('\n');
}

fn header(out: &mut String, cells: &[String]) {
    row(out, cells);
    let seps: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, _)| if i < 2 { "---".into() } else { "---:".into() })
        .collect();
    row(out, &seps);
}

pub fn markdown(suite: &Suite) -> String {
    let mut o = String::new();
    let m = &suite.machine;
    let callgrind = suite.mode == Mode::Callgrind;
    let _ = writeln!(o, "## Benchmark results ({} sizes)\n", suite.mode);
    let _ = writeln!(o, "- Machine: {}, {} cores, {}", m.cpu, m.cores, m.os);
    let _ = writeln!(o, "- Date: {}; crescent {}", m.date, m.crescent_rev);
    let _ = writeln!(o, "- Peers: {}; {}", m.lua54, m.luajit);
    let _ = writeln!(o, "- Command: `{}`", suite.command);
    if callgrind {
        let _ = writeln!(o, "- Instructions executed (callgrind Ir), one run each\n");
    } else {
        let _ = writeln!(
            o,
            "- Median of {} runs ({} time, seconds), runs interleaved across configurations; \
             every output checked against lua5.4's\n",
            suite.runs,
            if suite.metric == Metric::Wall {
                "wall-clock"
            } else {
                "user+system CPU"
            }
        );
    }

    // Times (or instruction counts)
    let _ = writeln!(
        o,
        "### {}\n",
        if callgrind {
            "Instructions (Ir)"
        } else {
            "Time (s)"
        }
    );
    let mut h = vec!["program".to_string(), "size".to_string()];
    h.extend(suite.configs.iter().map(|c| c.label.to_string()));
    header(&mut o, &h);
    for p in &suite.results {
        let mut r = vec![p.name.clone(), p.size.to_string()];
        r.extend(p.cells.iter().map(|c| cell_text(c, suite.metric)));
        row(&mut o, &r);
    }
    o.push('\n');

    // Speedups
    let rs = ratios(&suite.configs);
    if !rs.is_empty() {
        let _ = writeln!(
            o,
            "### Speedup ({} / subject's {}; higher is better)\n",
            "peer's",
            if callgrind { "instructions" } else { "time" }
        );
        let mut h = vec!["program".to_string(), "size".to_string()];
        h.extend(rs.iter().map(|r| r.title.clone()));
        header(&mut o, &h);
        let cols: Vec<Vec<Option<f64>>> = rs.iter().map(|r| speedups(suite, r)).collect();
        for (pi, p) in suite.results.iter().enumerate() {
            let mut r = vec![p.name.clone(), p.size.to_string()];
            r.extend(cols.iter().map(|c| ratio_text(c[pi])));
            row(&mut o, &r);
        }
        let n = suite.results.len();
        let mut g = vec!["**geometric mean**".to_string(), String::new()];
        for c in &cols {
            let vals: Vec<f64> = c.iter().flatten().copied().collect();
            let t = match geomean(&vals) {
                Some(v) if vals.len() == n => format!("**{v:.2}x**"),
                Some(v) => format!("**{v:.2}x** ({}/{n})", vals.len()),
                None => "-".into(),
            };
            g.push(t);
        }
        row(&mut o, &g);
        o.push('\n');
    }

    // Memory
    if !callgrind {
        let _ = writeln!(o, "### Peak memory (MiB, max RSS over runs)\n");
        let mut h = vec!["program".to_string(), "size".to_string()];
        h.extend(suite.configs.iter().map(|c| c.label.to_string()));
        header(&mut o, &h);
        for p in &suite.results {
            let mut r = vec![p.name.clone(), p.size.to_string()];
            r.extend(p.cells.iter().map(|c| match c.peak_rss_kib() {
                Some(k) => format!("{:.1}", k as f64 / 1024.0),
                None => "-".into(),
            }));
            row(&mut o, &r);
        }
        o.push('\n');
    }

    // Startup
    if suite
        .startup
        .iter()
        .any(|c| !matches!(c, Cell::Unavailable(_)))
    {
        let _ = writeln!(
            o,
            "### Startup (empty script; {})\n",
            if callgrind {
                "instructions"
            } else {
                "median wall-clock ms"
            }
        );
        let h: Vec<String> = suite.configs.iter().map(|c| c.label.to_string()).collect();
        row(&mut o, &h);
        row(
            &mut o,
            &h.iter().map(|_| "---:".to_string()).collect::<Vec<_>>(),
        );
        let r: Vec<String> = suite
            .startup
            .iter()
            .map(|c| match c {
                Cell::Measured(v) if !v.is_empty() => {
                    format!("{:.2}", c.median(Metric::Wall).unwrap() * 1e3)
                }
                Cell::Measured(_) => "-".into(),
                other => cell_text(other, Metric::Wall),
            })
            .collect();
        row(&mut o, &r);
        o.push('\n');
    }

    // Bars from the design brief
    if !callgrind {
        o.push_str(&bars(suite));
    }

    // Failures and notes
    let mut failures = Vec::new();
    for p in &suite.results {
        // one line per distinct failure, naming every configuration it hit
        let mut seen: Vec<(&str, Vec<&str>)> = Vec::new();
        for (c, cell) in suite.configs.iter().zip(&p.cells) {
            if let Cell::Failed(why) = cell {
                match seen.iter_mut().find(|(w, _)| *w == why.as_str()) {
                    Some((_, labels)) => labels.push(c.label),
                    None => seen.push((why.as_str(), vec![c.label])),
                }
            }
        }
        for (why, labels) in seen {
            failures.push(format!("- {} under {}: {}", p.name, labels.join(", "), why));
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(o, "### Failures\n");
        for f in failures {
            let _ = writeln!(o, "{f}");
        }
        o.push('\n');
    }
    if !suite.notes.is_empty() {
        let _ = writeln!(o, "### Notes\n");
        for n in &suite.notes {
            let _ = writeln!(o, "- {n}");
        }
        o.push('\n');
    }
    o
}

/// The bars of the design brief, measured where the data allow.
fn bars(suite: &Suite) -> String {
    let idx = |k: &str| suite.configs.iter().position(|c| c.key == k);
    let gm = |subject: &str, peer: &str| -> (Option<f64>, usize) {
        let (Some(s), Some(p)) = (idx(subject), idx(peer)) else {
            return (None, 0);
        };
        let r = Ratio {
            subject: s,
            peer: p,
            title: String::new(),
        };
        let v: Vec<f64> = speedups(suite, &r).into_iter().flatten().collect();
        (geomean(&v), v.len())
    };
    let n = suite.results.len();
    let mut rows: Vec<[String; 3]> = Vec::new();
    let fmt = |x: (Option<f64>, usize), target: f64| -> [String; 2] {
        match x.0 {
            None => ["n/a".into(), "-".into()],
            Some(v) => {
                let partial = if x.1 < n {
                    format!(" ({}/{n} programs)", x.1)
                } else {
                    String::new()
                };
                let ok = if x.1 < n {
                    "incomplete"
                } else if v >= target {
                    "met"
                } else {
                    "not met"
                };
                [format!("{v:.2}x{partial}"), ok.into()]
            }
        }
    };
    let mut push = |goal: &str, cells: [String; 2]| {
        let [a, b] = cells;
        rows.push([goal.to_string(), a, b]);
    };
    push(
        "JIT off >= 1.0x lua5.4 (geomean)",
        fmt(gm("crescent-joff", "lua5.4"), 1.0),
    );
    push(
        "Baseline only >= 2.5x lua5.4 (geomean)",
        fmt(gm("crescent-baseline", "lua5.4"), 2.5),
    );
    push(
        "All tiers >= 1.0x luajit (geomean)",
        fmt(gm("crescent", "luajit"), 1.0),
    );
    push(
        "All tiers >= 6x lua5.4 (geomean)",
        fmt(gm("crescent", "lua5.4"), 6.0),
    );
    // no benchmark slower than lua5.4
    let slowest = match (idx("crescent"), idx("lua5.4")) {
        (Some(s), Some(p)) => {
            let v: Vec<f64> = speedups(
                suite,
                &Ratio {
                    subject: s,
                    peer: p,
                    title: String::new(),
                },
            )
            .into_iter()
            .flatten()
            .collect();
            let min = v.iter().copied().fold(f64::INFINITY, f64::min);
            (v.len() > 0).then_some((min, v.len()))
        }
        _ => None,
    };
    push(
        "All tiers: no benchmark slower than lua5.4 (minimum)",
        match slowest {
            None => ["n/a".into(), "-".into()],
            Some((m, k)) if k < n => [format!("{m:.2}x ({k}/{n} programs)"), "incomplete".into()],
            Some((m, _)) => [
                format!("{m:.2}x"),
                if m >= 1.0 { "met" } else { "not met" }.into(),
            ],
        },
    );
    // startup
    let st = |k: &str| idx(k).and_then(|i| suite.startup[i].median(Metric::Wall));
    push(
        "Startup within 1.5x lua5.4",
        match (st("crescent"), st("lua5.4")) {
            (Some(c), Some(l)) => {
                let r = c / l;
                [
                    format!("{r:.2}x lua5.4's time"),
                    if r <= 1.5 { "met" } else { "not met" }.into(),
                ]
            }
            _ => ["n/a".into(), "-".into()],
        },
    );
    // memory on binary_trees
    let mem = suite
        .results
        .iter()
        .find(|p| p.name == "binary_trees")
        .and_then(|p| {
            let c = p.cells[idx("crescent")?].peak_rss_kib()?;
            let l = p.cells[idx("lua5.4")?].peak_rss_kib()?;
            Some(c as f64 / l as f64)
        });
    push(
        "Peak memory within 1.5x lua5.4 (binary_trees)",
        match mem {
            Some(r) => [
                format!("{r:.2}x lua5.4's RSS"),
                if r <= 1.5 { "met" } else { "not met" }.into(),
            ],
            None => ["n/a".into(), "-".into()],
        },
    );
    let mut o =
        String::from("### Bars (DESIGN-BRIEF)\n\n| bar | measured | status |\n|---|---:|---|\n");
    for r in rows {
        row(&mut o, &r);
    }
    o.push('\n');
    o
}

// ---------------------------------------------------------------- JSON

fn js(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn jf(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.6}")
    } else {
        "null".into()
    }
}

fn cell_json(c: &Cell, metric: Metric) -> String {
    match c {
        Cell::Measured(v) if v.is_empty() => "{\"status\":\"not run\"}".into(),
        Cell::Measured(v) => {
            let walls: Vec<String> = v.iter().map(|m| jf(m.wall)).collect();
            let cpus: Vec<String> = v.iter().map(|m| jf(m.cpu)).collect();
            let med = |f: fn(&crate::Measurement) -> f64| {
                crate::median(&v.iter().map(f).collect::<Vec<_>>())
            };
            format!(
                "{{\"status\":\"ok\",\"median\":{},\"median_wall\":{},\"median_cpu\":{},\"wall\":[{}],\"cpu\":[{}],\"peak_rss_kib\":{}}}",
                jf(c.median(metric).unwrap()),
                jf(med(|m| m.wall)),
                jf(med(|m| m.cpu)),
                walls.join(","),
                cpus.join(","),
                c.peak_rss_kib().unwrap_or(0)
            )
        }
        Cell::Instructions(ir) => format!("{{\"status\":\"ok\",\"instructions\":{ir}}}"),
        Cell::Failed(why) => format!("{{\"status\":\"failed\",\"why\":{}}}", js(why)),
        Cell::Unavailable(why) => format!("{{\"status\":\"n/a\",\"why\":{}}}", js(why)),
    }
}

pub fn json(suite: &Suite) -> String {
    let m = &suite.machine;
    let mut o = String::from("{\n");
    let _ = writeln!(o, "  \"schema\": 1,");
    let _ = writeln!(o, "  \"mode\": {},", js(suite.mode.name()));
    let _ = writeln!(o, "  \"metric\": {},", js(suite.metric.name()));
    let _ = writeln!(o, "  \"runs\": {},", suite.runs);
    let _ = writeln!(o, "  \"date\": {},", js(&m.date));
    let _ = writeln!(o, "  \"command\": {},", js(&suite.command));
    let _ = writeln!(
        o,
        "  \"machine\": {{\"cpu\": {}, \"cores\": {}, \"os\": {}}},",
        js(&m.cpu),
        m.cores,
        js(&m.os)
    );
    let _ = writeln!(
        o,
        "  \"versions\": {{\"crescent\": {}, \"lua5.4\": {}, \"luajit\": {}}},",
        js(&m.crescent_rev),
        js(&m.lua54),
        js(&m.luajit)
    );
    o.push_str("  \"configs\": [\n");
    for (i, c) in suite.configs.iter().enumerate() {
        let status = match &c.unavailable {
            None => "\"ok\"".to_string(),
            Some(w) => js(&format!("n/a: {w}")),
        };
        let _ = write!(
            o,
            "    {{\"key\": {}, \"label\": {}, \"kind\": {}, \"command\": {}, \"status\": {}}}",
            js(c.key),
            js(c.label),
            js(if c.kind == Kind::Crescent {
                "crescent"
            } else {
                "peer"
            }),
            js(&c.argv.join(" ")),
            status
        );
        o.push_str(if i + 1 < suite.configs.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    o.push_str("  ],\n  \"programs\": [\n");
    for (pi, p) in suite.results.iter().enumerate() {
        let _ = write!(
            o,
            "    {{\"name\": {}, \"size\": {}, \"reference\": {}, \"results\": {{",
            js(&p.name),
            p.size,
            js(&p.reference)
        );
        for (i, (c, cell)) in suite.configs.iter().zip(&p.cells).enumerate() {
            let _ = write!(
                o,
                "{}\n      {}: {}",
                if i > 0 { "," } else { "" },
                js(c.key),
                cell_json(cell, suite.metric)
            );
        }
        o.push_str("}}");
        o.push_str(if pi + 1 < suite.results.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    o.push_str("  ],\n  \"speedups\": [\n");
    let rs = ratios(&suite.configs);
    for (ri, r) in rs.iter().enumerate() {
        let sp = speedups(suite, r);
        let per: Vec<String> = suite
            .results
            .iter()
            .zip(&sp)
            .map(|(p, s)| {
                format!(
                    "{}: {}",
                    js(&p.name),
                    s.map(jf).unwrap_or_else(|| "null".into())
                )
            })
            .collect();
        let vals: Vec<f64> = sp.iter().flatten().copied().collect();
        let _ = write!(
            o,
            "    {{\"subject\": {}, \"peer\": {}, \"geomean\": {}, \"programs_measured\": {}, \"per_program\": {{{}}}}}",
            js(suite.configs[r.subject].key),
            js(suite.configs[r.peer].key),
            geomean(&vals).map(jf).unwrap_or_else(|| "null".into()),
            vals.len(),
            per.join(", ")
        );
        o.push_str(if ri + 1 < rs.len() { ",\n" } else { "\n" });
    }
    o.push_str("  ],\n  \"startup\": {");
    for (i, (c, cell)) in suite.configs.iter().zip(&suite.startup).enumerate() {
        let _ = write!(
            o,
            "{}\n    {}: {}",
            if i > 0 { "," } else { "" },
            js(c.key),
            cell_json(cell, Metric::Wall)
        );
    }
    o.push_str("},\n  \"notes\": [");
    let notes: Vec<String> = suite.notes.iter().map(|n| js(n)).collect();
    o.push_str(&notes.join(", "));
    o.push_str("]\n}\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geomean_and_digits() {
        assert!((geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(geomean(&[]), None);
        assert_eq!(group_digits(1234567), "1,234,567");
        assert_eq!(group_digits(12), "12");
    }

    #[test]
    fn json_escapes() {
        assert_eq!(js("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
