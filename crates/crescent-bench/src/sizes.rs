//! `bench/sizes.toml`: one table per program, in suite order.
//!
//! Only the subset of TOML the file uses is understood: `[name]` headers, `key = integer`
//! and `key = "string"` lines, `#` comments and blank lines. Anything else is an error, so
//! a typo does not silently drop a program.

use std::fmt;

#[derive(Debug, Clone)]
pub struct Program {
    pub name: String,
    /// Size for normal runs (lua5.4 takes about 1 to 4 s on the reference machine).
    pub full: i64,
    /// Size for `--quick` smoke tests.
    pub quick: i64,
    /// Size for `--callgrind` instruction counting.
    pub callgrind: i64,
    /// One-line description.
    pub about: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Full,
    Quick,
    Callgrind,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Quick => "quick",
            Mode::Callgrind => "callgrind",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Program {
    pub fn size(&self, mode: Mode) -> i64 {
        match mode {
            Mode::Full => self.full,
            Mode::Quick => self.quick,
            Mode::Callgrind => self.callgrind,
        }
    }
}

pub fn parse(text: &str) -> Result<Vec<Program>, String> {
    let mut programs: Vec<Program> = Vec::new();
    let mut current: Option<Program> = None;
    let finish = |p: Program, out: &mut Vec<Program>| -> Result<(), String> {
        if p.full <= 0 || p.quick <= 0 || p.callgrind <= 0 {
            return Err(format!(
                "[{}]: full, quick and callgrind sizes are all required",
                p.name
            ));
        }
        out.push(p);
        Ok(())
    };
    for (lineno, raw) in text.lines().enumerate() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let err = |msg: &str| format!("sizes.toml:{}: {msg}: {raw}", lineno + 1);
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| err("bad header"))?
                .trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(err("bad program name"));
            }
            if programs.iter().any(|p| p.name == name) {
                return Err(err("duplicate program"));
            }
            if let Some(p) = current.take() {
                finish(p, &mut programs)?;
            }
            current = Some(Program {
                name: name.to_string(),
                full: 0,
                quick: 0,
                callgrind: 0,
                about: String::new(),
            });
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| err("expected key = value"))?;
        let (key, value) = (key.trim(), value.trim());
        let p = current
            .as_mut()
            .ok_or_else(|| err("key outside a [program] table"))?;
        match key {
            "full" | "quick" | "callgrind" => {
                let v: i64 = value
                    .replace('_', "")
                    .parse()
                    .map_err(|_| err("expected an integer"))?;
                match key {
                    "full" => p.full = v,
                    "quick" => p.quick = v,
                    _ => p.callgrind = v,
                }
            }
            "about" => {
                let s = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .ok_or_else(|| err("expected a quoted string"))?;
                if s.contains('"') || s.contains('\\') {
                    return Err(err("quotes and backslashes are not supported in strings"));
                }
                p.about = s.to_string();
            }
            _ => return Err(err("unknown key")),
        }
    }
    if let Some(p) = current.take() {
        finish(p, &mut programs)?;
    }
    Ok(programs)
}

fn strip_comment(line: &str) -> &str {
    // a '#' outside a quoted string starts a comment
    let mut in_str = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '#' if !in_str => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tables_in_order() {
        let text = "# c\n[b]\nfull = 1_000 # x\nquick = 2\ncallgrind = 3\nabout = \"a # b\"\n\n[a]\nfull=4\nquick=5\ncallgrind=6\n";
        let p = parse(text).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "b");
        assert_eq!(p[0].full, 1000);
        assert_eq!(p[0].about, "a # b");
        assert_eq!(p[1].size(Mode::Callgrind), 6);
    }

    #[test]
    fn rejects_missing_sizes_and_unknown_keys() {
        assert!(parse("[a]\nfull = 1\n").is_err());
        assert!(parse("[a]\nful = 1\nquick=1\ncallgrind=1\n").is_err());
        assert!(parse("full = 1\n").is_err());
    }
}
