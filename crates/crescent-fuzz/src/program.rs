//! A generated program: a preamble (helpers), then top-level blocks. Each block is a fixed
//! `pre` and `post` around a list of droppable `body` items, so the shrinker can remove whole
//! blocks or single body items and the program stays valid: body items only depend on what
//! `pre` declares, and blocks only share the preamble's helpers and the checksum. A block may
//! also have droppable declarations before `pre` and droppable statements after `post`:
//! dropping one of those may make the program fail (a local becomes an undefined global),
//! which the shrinker detects (the oracle must still run it without error).

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// What kind of block this is (for the reproducer header).
    pub kind: &'static str,
    /// Declarations before `pre` (droppable).
    pub decls: Vec<String>,
    pub pre: String,
    pub body: Vec<String>,
    pub post: String,
    /// Statements after `post` (droppable).
    pub tail: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub seed: u64,
    /// Helper definitions, each droppable by the shrinker.
    pub preamble: Vec<String>,
    pub blocks: Vec<Block>,
    pub epilogue: String,
}

fn push_indented(out: &mut String, text: &str, indent: usize) {
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        for _ in 0..indent {
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// Every rendered program starts with exactly this many comment lines, so a reproducer's
/// header can be filled in after shrinking without moving the line numbers that error
/// messages mention.
pub const HEADER_LINES: usize = 6;

impl Program {
    /// The Lua source text, with the default header.
    pub fn render(&self) -> String {
        self.render_with_header(&[format!("crescent-fuzz program, seed {}", self.seed)])
    }

    /// The Lua source text with the given header lines (comments; padded or cut to
    /// [`HEADER_LINES`], each kept to one line).
    pub fn render_with_header(&self, header: &[String]) -> String {
        let mut out = String::new();
        for i in 0..HEADER_LINES {
            let line = header.get(i).map(|s| s.as_str()).unwrap_or("");
            let line: String = line
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            if line.is_empty() {
                out.push_str("--\n");
            } else {
                out.push_str("-- ");
                out.push_str(&line);
                out.push('\n');
            }
        }
        for unit in &self.preamble {
            out.push_str(unit);
        }
        for (i, b) in self.blocks.iter().enumerate() {
            out.push_str(&format!("do -- block {} ({})\n", i, b.kind));
            for d in &b.decls {
                push_indented(&mut out, d, 2);
            }
            push_indented(&mut out, &b.pre, 2);
            for item in &b.body {
                push_indented(&mut out, item, 2);
            }
            push_indented(&mut out, &b.post, 2);
            for t in &b.tail {
                push_indented(&mut out, t, 2);
            }
            out.push_str("end\n");
        }
        out.push_str(&self.epilogue);
        out
    }

    /// Number of droppable units (preamble helpers, blocks, body items).
    pub fn size(&self) -> usize {
        self.preamble.len()
            + self.blocks.len()
            + self
                .blocks
                .iter()
                .map(|b| b.decls.len() + b.body.len() + b.tail.len())
                .sum::<usize>()
    }
}
