//! Lua 5.4 pattern matching over byte strings (`lstrlib.c` semantics).
//!
//! The matcher is a backtracking interpreter of the pattern text, like PUC Lua's: character
//! classes (`%a %c %d %g %l %p %s %u %w %x` and complements, C locale), `.`, sets `[...]`,
//! quantifiers `* + - ?`, anchors, `%b`, `%f`, captures (including position captures `()`)
//! and back-references `%1`-`%9`. Recursion is bounded by [`MAX_MATCH_DEPTH`] exactly as
//! 5.4's `MAXCCALLS`, so a pattern that needs more fails with "pattern too complex" instead of
//! overflowing the Rust stack.
//!
//! Offsets are 0-based byte offsets into the subject; spans are half-open `[start, end)`.
//! The iteration state of `gmatch` and `gsub` is explicit ([`GmatchState`], [`GsubState`]) and
//! holds no borrows, so a VM can keep it in a closure and pass the strings on every step.

use std::fmt;

/// Maximum number of captures in one pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Maximum recursion depth of the matcher (`MAXCCALLS` in `lstrlib.c`).
pub const MAX_MATCH_DEPTH: usize = 200;

const L_ESC: u8 = b'%';
const SPECIALS: &[u8] = b"^$*+?.([%-";
/// `SPECIALS` as a table indexed by byte.
static IS_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < SPECIALS.len() {
        t[SPECIALS[i] as usize] = true;
        i += 1;
    }
    t
};
const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

/// An error raised by the matcher; `Display` gives Lua 5.4's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternError {
    /// `malformed pattern (ends with '%')`
    EndsWithEscape,
    /// `malformed pattern (missing ']')`
    MissingBracket,
    /// `malformed pattern (missing arguments to '%b')`
    MissingBalanceArgs,
    /// `missing '[' after '%f' in pattern`
    MissingFrontierSet,
    /// `invalid capture index %N` (N as Lua prints it, 0 to 10)
    InvalidCaptureIndex(u8),
    /// `invalid pattern capture`
    InvalidPatternCapture,
    /// `unfinished capture`
    UnfinishedCapture,
    /// `too many captures`
    TooManyCaptures,
    /// `pattern too complex`
    TooComplex,
    /// `invalid use of '%' in replacement string`
    InvalidReplacement,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::EndsWithEscape => f.write_str("malformed pattern (ends with '%')"),
            PatternError::MissingBracket => f.write_str("malformed pattern (missing ']')"),
            PatternError::MissingBalanceArgs => {
                f.write_str("malformed pattern (missing arguments to '%b')")
            }
            PatternError::MissingFrontierSet => f.write_str("missing '[' after '%f' in pattern"),
            PatternError::InvalidCaptureIndex(i) => write!(f, "invalid capture index %{i}"),
            PatternError::InvalidPatternCapture => f.write_str("invalid pattern capture"),
            PatternError::UnfinishedCapture => f.write_str("unfinished capture"),
            PatternError::TooManyCaptures => f.write_str("too many captures"),
            PatternError::TooComplex => f.write_str("pattern too complex"),
            PatternError::InvalidReplacement => {
                f.write_str("invalid use of '%' in replacement string")
            }
        }
    }
}

impl std::error::Error for PatternError {}

/// One capture value, as Lua would push it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// A substring `subject[start..end]`.
    Span(usize, usize),
    /// A position capture `()`: the 1-based position Lua returns (byte offset + 1).
    Position(usize),
}

impl Capture {
    /// The substring of a span capture, `None` for a position capture.
    pub fn bytes<'s>(&self, subject: &'s [u8]) -> Option<&'s [u8]> {
        match *self {
            Capture::Span(s, e) => subject.get(s..e),
            Capture::Position(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RawCapture {
    init: usize,
    len: isize,
}

/// A successful match: the whole-match span and the raw capture state.
///
/// Captures are read through [`Match::get`], which reproduces 5.4's errors for captures the
/// pattern left unfinished (such a match succeeds, reading the capture fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Byte offset where the match starts (Lua's `find` returns `start + 1`).
    pub start: usize,
    /// Byte offset one past the match end (Lua's `find` returns `end`).
    pub end: usize,
    caps: Caps,
}

/// Captures stored inline.
const INLINE_CAPS: usize = 2;

/// The capture list of a [`Match`]: up to [`INLINE_CAPS`] inline (no allocation per match
/// for the usual patterns), more in a vector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Caps {
    Inline(u8, [RawCapture; INLINE_CAPS]),
    Heap(Vec<RawCapture>),
}

impl Caps {
    const EMPTY: Caps = Caps::Inline(0, [RawCapture { init: 0, len: 0 }; INLINE_CAPS]);

    fn from_slice(c: &[RawCapture]) -> Caps {
        if c.len() <= INLINE_CAPS {
            let mut a = [RawCapture::default(); INLINE_CAPS];
            a[..c.len()].copy_from_slice(c);
            Caps::Inline(c.len() as u8, a)
        } else {
            Caps::Heap(c.to_vec())
        }
    }

    #[inline]
    fn as_slice(&self) -> &[RawCapture] {
        match self {
            Caps::Inline(n, a) => &a[..*n as usize],
            Caps::Heap(v) => v,
        }
    }
}

impl Match {
    /// Number of captures the pattern made (0 if it has none).
    pub fn capture_count(&self) -> usize {
        self.caps.as_slice().len()
    }

    /// Number of values `string.match`/`gmatch`/a `gsub` function receive: the captures, or
    /// one (the whole match) when the pattern has none.
    pub fn value_count(&self) -> usize {
        self.caps.as_slice().len().max(1)
    }

    /// Capture `i` (0-based), with `get_onecapture`'s semantics: when the pattern has no
    /// captures, index 0 is the whole match; other missing indices and unfinished captures
    /// are errors.
    pub fn get(&self, i: usize) -> Result<Capture, PatternError> {
        let caps = self.caps.as_slice();
        if i >= caps.len() {
            if i != 0 {
                return Err(PatternError::InvalidCaptureIndex((i + 1).min(255) as u8));
            }
            return Ok(Capture::Span(self.start, self.end));
        }
        let c = caps[i];
        match c.len {
            CAP_UNFINISHED => Err(PatternError::UnfinishedCapture),
            CAP_POSITION => Ok(Capture::Position(c.init + 1)),
            len => Ok(Capture::Span(c.init, c.init + len as usize)),
        }
    }

    /// The values `string.match` returns (all captures, or the whole match).
    pub fn values(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.value_count()).map(|i| self.get(i)).collect()
    }

    /// The extra values `string.find` returns (the captures only; may be empty).
    pub fn captures(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.capture_count()).map(|i| self.get(i)).collect()
    }
}

/// Lua's `posrelatI`: turns a 1-based, possibly negative start position into a 1-based
/// position clipped below at 1 (it may exceed `len + 1`).
pub fn posrelat_start(pos: i64, len: usize) -> usize {
    if pos > 0 {
        usize::try_from(pos).unwrap_or(usize::MAX)
    } else if pos == 0 || pos.unsigned_abs() > len as u64 {
        1
    } else {
        len - pos.unsigned_abs() as usize + 1
    }
}

/// True if `pattern` has no magic characters (then `find` may search it as plain text).
pub fn has_no_specials(pattern: &[u8]) -> bool {
    !pattern.iter().any(|&c| IS_SPECIAL[c as usize])
}

/// Plain substring search (`lmemfind`): first occurrence of `needle` in `hay`.
pub fn find_plain(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    if needle.len() > hay.len() {
        return None;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let off = hay[i..=last_start].iter().position(|&c| c == first)?;
        i += off;
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `string.find(subject, pattern, init, plain)`. `init` is Lua's (1-based, negative from the
/// end). Returns the match; for a plain search it has no captures.
pub fn find(
    subject: &[u8],
    pattern: &[u8],
    init: i64,
    plain: bool,
) -> Result<Option<Match>, PatternError> {
    find_aux(subject, pattern, init, plain, true)
}

/// `string.match(subject, pattern, init)`: like [`find`] without the plain-search shortcut;
/// read the results with [`Match::values`].
pub fn str_match(subject: &[u8], pattern: &[u8], init: i64) -> Result<Option<Match>, PatternError> {
    find_aux(subject, pattern, init, false, false)
}

fn find_aux(
    subject: &[u8],
    pattern: &[u8],
    init: i64,
    plain: bool,
    is_find: bool,
) -> Result<Option<Match>, PatternError> {
    let init = posrelat_start(init, subject.len()) - 1;
    if init > subject.len() {
        return Ok(None);
    }
    if is_find && (plain || has_no_specials(pattern)) {
        return Ok(find_plain(&subject[init..], pattern).map(|off| Match {
            start: init + off,
            end: init + off + pattern.len(),
            caps: Caps::EMPTY,
        }));
    }
    let (anchor, pat) = match pattern.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pattern),
    };
    if let Some(sp) = simple::get(pat) {
        let mut caps = [RawCapture::default(); simple::MAX_SIMPLE_CAPS];
        let found = if anchor {
            sp.run(subject, init, &mut caps).map(|r| (init, r))
        } else {
            let mut s1 = init;
            loop {
                s1 = simple_candidate(&sp, subject, s1);
                if let Some(r) = sp.run(subject, s1, &mut caps) {
                    break Some((s1, r));
                }
                s1 += 1;
                if s1 > subject.len() {
                    break None;
                }
            }
        };
        return Ok(found.map(|(start, (end, level))| Match {
            start,
            end,
            caps: simple_caps(&caps[..level]),
        }));
    }
    let mut ms = MatchState::new(subject, pat);
    if anchor {
        return Ok(ms.run(init)?.map(|e| ms.to_match(init, e)));
    }
    let lead = ms.lead();
    let mut s1 = init;
    loop {
        s1 = ms.next_candidate(lead, s1);
        if let Some(e) = ms.run(s1)? {
            return Ok(Some(ms.to_match(s1, e)));
        }
        s1 += 1;
        if s1 > subject.len() {
            return Ok(None);
        }
    }
}

/// The captures of a simple pattern's match (none, most often).
#[inline(always)]
fn simple_caps(c: &[RawCapture]) -> Caps {
    if c.is_empty() {
        Caps::EMPTY
    } else {
        Caps::from_slice(c)
    }
}

/// The first start position at or after `s` where the simple pattern `sp` may match (its
/// lead), or `subject.len()` (`MatchState::next_candidate` for compiled patterns).
#[inline]
fn simple_candidate(sp: &simple::Simple, subject: &[u8], s: usize) -> usize {
    match sp.lead() {
        None => s,
        Some(set) => match subject
            .get(s..)
            .and_then(|t| t.iter().position(|&c| set.contains(c)))
        {
            Some(off) => s + off,
            None => subject.len(),
        },
    }
}

/// Runs the pattern once at byte offset `start` (no anchor handling: a leading `^` is a
/// literal here). Building block for callers with their own scanning loop.
pub fn match_at(
    subject: &[u8],
    pattern: &[u8],
    start: usize,
) -> Result<Option<Match>, PatternError> {
    if start > subject.len() {
        return Ok(None);
    }
    let mut ms = MatchState::new(subject, pattern);
    Ok(ms.run(start)?.map(|e| ms.to_match(start, e)))
}

/// Iteration state of `string.gmatch` (5.4 semantics: no anchor, and an empty match may not
/// end where the previous match ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GmatchState {
    src: usize,
    lastmatch: Option<usize>,
}

impl GmatchState {
    /// State for `string.gmatch(s, p, init)` over a subject of `subject_len` bytes.
    pub fn new(subject_len: usize, init: i64) -> Self {
        let init = posrelat_start(init, subject_len) - 1;
        GmatchState {
            src: init.min(subject_len + 1),
            lastmatch: None,
        }
    }

    /// Rebuilds a state saved with [`GmatchState::to_raw`] (e.g. in a closure's upvalues).
    pub fn from_raw(src: usize, lastmatch: Option<usize>) -> Self {
        GmatchState { src, lastmatch }
    }

    /// The state as (next start offset, end of the last match).
    pub fn to_raw(&self) -> (usize, Option<usize>) {
        (self.src, self.lastmatch)
    }

    /// The next match, or `None` when the iteration is over. Pass the same subject and
    /// pattern on every call. Results are read with [`Match::values`].
    pub fn next(&mut self, subject: &[u8], pattern: &[u8]) -> Result<Option<Match>, PatternError> {
        if let Some(sp) = simple::get(pattern) {
            let mut caps = [RawCapture::default(); simple::MAX_SIMPLE_CAPS];
            let mut src = self.src;
            while src <= subject.len() {
                src = simple_candidate(&sp, subject, src);
                if let Some((e, level)) = sp.run(subject, src, &mut caps) {
                    if Some(e) != self.lastmatch {
                        self.src = e;
                        self.lastmatch = Some(e);
                        return Ok(Some(Match {
                            start: src,
                            end: e,
                            caps: simple_caps(&caps[..level]),
                        }));
                    }
                }
                src += 1;
            }
            self.src = src;
            return Ok(None);
        }
        let mut ms = MatchState::new(subject, pattern);
        let lead = ms.lead();
        let mut src = self.src;
        while src <= subject.len() {
            src = ms.next_candidate(lead, src);
            if let Some(e) = ms.run(src)? {
                if Some(e) != self.lastmatch {
                    self.src = e;
                    self.lastmatch = Some(e);
                    return Ok(Some(ms.to_match(src, e)));
                }
            }
            src += 1;
        }
        self.src = src;
        Ok(None)
    }
}

/// Iteration state of `string.gsub`. Drive it with [`GsubState::next_match`] until it returns
/// `None`, appending each match's replacement to the output in between, then call
/// [`GsubState::finish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GsubState {
    src: usize,
    lastmatch: Option<usize>,
    count: i64,
    max: i64,
    anchor: bool,
    done: bool,
    /// The start-position shortcut, computed at the first step (the pattern is the same on
    /// every step).
    lead: Option<Lead>,
    /// The compiled pattern if it is simple, looked up at the first step.
    simple: Option<Option<std::rc::Rc<simple::Simple>>>,
}

impl GsubState {
    /// State for `string.gsub(s, p, repl, max_n)`; `max_n` defaults to `#s + 1`.
    pub fn new(subject: &[u8], pattern: &[u8], max_n: Option<i64>) -> Self {
        GsubState {
            src: 0,
            lastmatch: None,
            count: 0,
            max: max_n.unwrap_or(i64::try_from(subject.len()).unwrap_or(i64::MAX - 1) + 1),
            anchor: pattern.first() == Some(&b'^'),
            done: false,
            lead: None,
            simple: None,
        }
    }

    /// Copies unmatched subject bytes to `out` and returns the next match to replace, or
    /// `None` when no replacement is left to make.
    pub fn next_match(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<Option<Match>, PatternError> {
        let pat = if self.anchor {
            pattern.get(1..).unwrap_or_default()
        } else {
            pattern
        };
        let sp = self.simple.get_or_insert_with(|| simple::get(pat)).clone();
        if let Some(sp) = sp {
            return Ok(self.next_match_simple(&sp, subject, out));
        }
        let mut ms = MatchState::new(subject, pat);
        let lead = match self.lead {
            Some(l) => l,
            None => *self
                .lead
                .insert(if self.anchor { Lead::Any } else { ms.lead() }),
        };
        while !self.done && self.count < self.max {
            let c = ms.next_candidate(lead, self.src);
            if c > self.src {
                out.extend_from_slice(&subject[self.src..c]);
                self.src = c;
            }
            let start = self.src;
            if let Some(e) = self.step(ms.run(start)?, subject, out) {
                return Ok(Some(ms.to_match(start, e)));
            }
        }
        self.done = true;
        Ok(None)
    }

    /// After a match attempt at `self.src` that ended at `e` (`None`: no match): a new match
    /// is counted and its end returned (the caller builds it from the old `self.src`); else
    /// one subject byte is copied to `out`, or the subject is done.
    #[inline(always)]
    fn step(&mut self, e: Option<usize>, subject: &[u8], out: &mut Vec<u8>) -> Option<usize> {
        let mut found = None;
        match e {
            Some(e) if Some(e) != self.lastmatch => {
                self.count += 1;
                found = Some(e);
                self.src = e;
                self.lastmatch = Some(e);
            }
            _ if self.src < subject.len() => {
                out.push(subject[self.src]);
                self.src += 1;
            }
            _ => self.done = true,
        }
        if self.anchor {
            self.done = true;
        }
        found
    }

    /// `next_match` for a simple pattern (the same steps, the compiled matcher).
    fn next_match_simple(
        &mut self,
        sp: &simple::Simple,
        subject: &[u8],
        out: &mut Vec<u8>,
    ) -> Option<Match> {
        let mut caps = [RawCapture::default(); simple::MAX_SIMPLE_CAPS];
        while !self.done && self.count < self.max {
            if !self.anchor {
                let c = simple_candidate(sp, subject, self.src);
                if c > self.src {
                    out.extend_from_slice(&subject[self.src..c]);
                    self.src = c;
                }
            }
            let start = self.src;
            let r = sp.run(subject, start, &mut caps);
            if let Some(e) = self.step(r.map(|(e, _)| e), subject, out) {
                let level = r.map_or(0, |(_, level)| level);
                return Some(Match {
                    start,
                    end: e,
                    caps: simple_caps(&caps[..level]),
                });
            }
        }
        self.done = true;
        None
    }

    /// Appends the rest of the subject to `out`; returns the number of replacements made.
    pub fn finish(&self, subject: &[u8], out: &mut Vec<u8>) -> i64 {
        out.extend_from_slice(&subject[self.src.min(subject.len())..]);
        self.count
    }

    /// Replacements made so far.
    pub fn count(&self) -> i64 {
        self.count
    }
}

/// Appends the expansion of a `gsub` replacement string (`%0`-`%9`, `%%`) for match `m`.
pub fn expand_replacement(
    template: &[u8],
    subject: &[u8],
    m: &Match,
    out: &mut Vec<u8>,
) -> Result<(), PatternError> {
    let mut i = 0;
    while let Some(off) = template[i..].iter().position(|&c| c == L_ESC) {
        out.extend_from_slice(&template[i..i + off]);
        let p = i + off + 1;
        let c = template.get(p).copied().unwrap_or(0);
        if c == L_ESC {
            out.push(L_ESC);
        } else if c == b'0' {
            out.extend_from_slice(&subject[m.start..m.end]);
        } else if c.is_ascii_digit() {
            match m.get((c - b'1') as usize)? {
                Capture::Span(s, e) => out.extend_from_slice(&subject[s..e]),
                Capture::Position(p) => out.extend_from_slice(p.to_string().as_bytes()),
            }
        } else {
            return Err(PatternError::InvalidReplacement);
        }
        i = p + 1;
    }
    out.extend_from_slice(&template[i..]);
    Ok(())
}

/// Result of [`gsub`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GsubResult {
    /// The new string (equal to the subject when nothing changed).
    pub output: Vec<u8>,
    /// Number of matches replaced.
    pub count: i64,
    /// False when no replacement changed anything (Lua then returns the subject itself).
    pub changed: bool,
}

/// `string.gsub` with a caller-defined replacement: `repl` appends the replacement of a
/// match to the buffer and returns whether it changed anything (for a table or function
/// value of nil/false it appends `subject[m.start..m.end]` and returns false).
pub fn gsub<E, F>(
    subject: &[u8],
    pattern: &[u8],
    max_n: Option<i64>,
    mut repl: F,
) -> Result<GsubResult, E>
where
    E: From<PatternError>,
    F: FnMut(&Match, &mut Vec<u8>) -> Result<bool, E>,
{
    let mut st = GsubState::new(subject, pattern, max_n);
    let mut output = Vec::with_capacity(subject.len());
    let mut changed = false;
    while let Some(m) = st.next_match(subject, pattern, &mut output)? {
        changed |= repl(&m, &mut output)?;
    }
    let count = st.finish(subject, &mut output);
    Ok(GsubResult {
        output,
        count,
        changed,
    })
}

/// `string.gsub` with a replacement string.
pub fn gsub_str(
    subject: &[u8],
    pattern: &[u8],
    template: &[u8],
    max_n: Option<i64>,
) -> Result<GsubResult, PatternError> {
    gsub(subject, pattern, max_n, |m, out| {
        expand_replacement(template, subject, m, out).map(|()| true)
    })
}

const CL_A: u16 = 1;
const CL_C: u16 = 2;
const CL_D: u16 = 4;
const CL_G: u16 = 8;
const CL_L: u16 = 16;
const CL_P: u16 = 32;
const CL_S: u16 = 64;
const CL_U: u16 = 128;
const CL_W: u16 = 256;
const CL_X: u16 = 512;
const CL_Z: u16 = 1024;

/// C-locale `ctype` classes of every byte, as `CL_*` bits.
static CLASSES: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut m = 0;
        if c.is_ascii_alphabetic() {
            m |= CL_A;
        }
        if c.is_ascii_control() {
            m |= CL_C;
        }
        if c.is_ascii_digit() {
            m |= CL_D;
        }
        if c.is_ascii_graphic() {
            m |= CL_G;
        }
        if c.is_ascii_lowercase() {
            m |= CL_L;
        }
        if c.is_ascii_punctuation() {
            m |= CL_P;
        }
        if c == b' ' || (c >= b'\t' && c <= b'\r') {
            m |= CL_S;
        }
        if c.is_ascii_uppercase() {
            m |= CL_U;
        }
        if c.is_ascii_alphanumeric() {
            m |= CL_W;
        }
        if c.is_ascii_hexdigit() {
            m |= CL_X;
        }
        if c == 0 {
            m |= CL_Z; // `%z` is deprecated but still accepted by 5.4
        }
        t[i] = m;
        i += 1;
    }
    t
};

/// Class bit of each class letter (`%a` ...; the uppercase letters too), 0 for the bytes
/// that are not class letters (they match themselves after `%`); bit 15 marks a complement.
static CLASS_OF: [u16; 256] = {
    let mut t = [0u16; 256];
    let letters: &[(u8, u16)] = &[
        (b'a', CL_A),
        (b'c', CL_C),
        (b'd', CL_D),
        (b'g', CL_G),
        (b'l', CL_L),
        (b'p', CL_P),
        (b's', CL_S),
        (b'u', CL_U),
        (b'w', CL_W),
        (b'x', CL_X),
        (b'z', CL_Z),
    ];
    let mut i = 0;
    while i < letters.len() {
        let (c, bit) = letters[i];
        t[c as usize] = bit;
        t[c.to_ascii_uppercase() as usize] = bit | COMPLEMENT;
        i += 1;
    }
    t
};
const COMPLEMENT: u16 = 1 << 15;

/// Does byte `c` belong to class letter `cl` (`%a`, `%A`, ...; other letters match
/// themselves)?
#[inline]
fn match_class(c: u8, cl: u8) -> bool {
    let k = CLASS_OF[cl as usize];
    if k == 0 {
        return cl == c;
    }
    (CLASSES[c as usize] & k & !COMPLEMENT != 0) != (k & COMPLEMENT != 0)
}

/// What a byte at a match's start position must be for the pattern to match there: the
/// pattern's first item (after any opening captures) when it consumes exactly one byte at
/// least once (no `*`, `?` or `-` after it). Scanning loops skip the other start positions
/// without running the matcher; the matcher would fail at once there, before reaching
/// anything that could raise an error, so results and errors stay PUC's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// No shortcut: try every position.
    Any,
    /// A literal byte.
    Byte(u8),
    /// A byte of this set (a `%x` class or a `[...]` set, as a 256-bit map).
    Set(ByteSet),
}

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const EMPTY: ByteSet = ByteSet([0; 4]);

    #[inline(always)]
    fn contains(&self, c: u8) -> bool {
        self.0[(c >> 6) as usize] >> (c & 63) & 1 != 0
    }

    fn add(&mut self, c: u8) {
        self.0[(c >> 6) as usize] |= 1 << (c & 63);
    }

    fn disjoint(&self, o: &ByteSet) -> bool {
        self.0.iter().zip(o.0.iter()).all(|(a, b)| a & b == 0)
    }

    fn union(&mut self, o: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(o.0.iter()) {
            *a |= b;
        }
    }

    fn complement(&mut self) {
        for a in self.0.iter_mut() {
            *a = !*a;
        }
    }

    /// The bytes the set `pat[p..=ec]` matches (`match_bracket_class` for every byte at once;
    /// `ec` is its closing `]`).
    fn bracket(pat: &[u8], mut p: usize, ec: usize) -> ByteSet {
        let at = |i: usize| pat.get(i).copied().unwrap_or(0);
        let mut set = ByteSet::EMPTY;
        let mut sig = true;
        if at(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            let pc = pat[p];
            if pc == L_ESC {
                p += 1;
                set.union(&ByteSet::of_class(at(p)));
            } else if at(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                for c in pc..=pat[p] {
                    set.add(c);
                }
            } else {
                set.add(pc);
            }
        }
        if !sig {
            set.complement();
        }
        set
    }

    /// The bytes `match_class(_, cl)` accepts.
    fn of_class(cl: u8) -> ByteSet {
        let k = CLASS_OF[cl as usize];
        if k == 0 {
            let mut s = ByteSet::EMPTY;
            s.add(cl);
            return s;
        }
        let mut s = CLASS_SETS[(k & !COMPLEMENT).trailing_zeros() as usize];
        if k & COMPLEMENT != 0 {
            s.complement();
        }
        s
    }
}

/// The bytes of each class (`CLASS_SETS[i]` for the class bit `1 << i`).
static CLASS_SETS: [ByteSet; 11] = {
    let mut t = [ByteSet::EMPTY; 11];
    let mut i = 0;
    while i < 11 {
        let mut c = 0;
        while c < 256 {
            if CLASSES[c] & (1 << i) != 0 {
                t[i].0[c >> 6] |= 1 << (c & 63);
            }
            c += 1;
        }
        i += 1;
    }
    t
};

impl<'a> MatchState<'a> {
    /// The pattern's [`Lead`], from a one-entry per-thread cache when the pattern is the one
    /// asked for last (loops calling `find`/`gmatch` with one pattern compute it once).
    fn lead(&mut self) -> Lead {
        #[cfg(test)]
        if tests::NO_LEAD.with(|c| c.get()) {
            return Lead::Any;
        }
        let pat = self.pat;
        if pat.len() > LEAD_CACHE_LEN {
            return self.compute_lead();
        }
        let mut key = [0u8; LEAD_CACHE_LEN];
        key[..pat.len()].copy_from_slice(pat);
        let (len, cached_key, cached) = LEAD_CACHE.with(|c| c.get());
        if len as usize == pat.len() && cached_key == key {
            return cached;
        }
        let lead = self.compute_lead();
        LEAD_CACHE.with(|c| c.set((pat.len() as u8, key, lead)));
        lead
    }

    fn compute_lead(&mut self) -> Lead {
        let (mut p, mut opens) = (0, 0);
        while self.p(p) == b'(' {
            p += if self.p(p + 1) == b')' { 2 } else { 1 };
            opens += 1;
        }
        // Too many captures is an error the first attempt raises: no shortcut then.
        if p >= self.pat.len() || opens >= MAX_CAPTURES {
            return Lead::Any;
        }
        let c = self.pat[p];
        match c {
            b')' | b'.' => return Lead::Any,
            b'$' if p + 1 == self.pat.len() => return Lead::Any,
            L_ESC if matches!(self.p(p + 1), b'b' | b'f' | b'0'..=b'9') => return Lead::Any,
            _ => {}
        }
        let Some(ep) = self.class_end(p) else {
            self.error = None;
            return Lead::Any;
        };
        if matches!(self.p(ep), b'*' | b'?' | b'-') {
            return Lead::Any;
        }
        match c {
            L_ESC if CLASS_OF[self.p(p + 1) as usize] == 0 => Lead::Byte(self.pat[p + 1]),
            L_ESC => Lead::Set(ByteSet::of_class(self.pat[p + 1])),
            b'[' => Lead::Set(self.bracket_set(p, ep - 1)),
            _ => Lead::Byte(c),
        }
    }

    /// The first start position at or after `s` (up to `src.len()`) where `lead` allows a
    /// match; `src.len()` when there is none (no match can start there either, unless the
    /// lead is `Any`).
    #[inline]
    fn next_candidate(&self, lead: Lead, s: usize) -> usize {
        let n = self.src.len();
        match lead {
            Lead::Any => s,
            Lead::Byte(b) => match self
                .src
                .get(s..)
                .and_then(|t| t.iter().position(|&c| c == b))
            {
                Some(off) => s + off,
                None => n,
            },
            Lead::Set(set) => match self
                .src
                .get(s..)
                .and_then(|t| t.iter().position(|&c| set.contains(c)))
            {
                Some(off) => s + off,
                None => n,
            },
        }
    }

    /// The bytes the set `pat[p..=ec]` matches (`match_bracket_class` for every byte at once;
    /// `ec` is its closing `]`).
    fn bracket_set(&self, p: usize, ec: usize) -> ByteSet {
        ByteSet::bracket(self.pat, p, ec)
    }
}

/// The matcher. Like PUC's `MatchState`, it reports failure as `None`; an error is recorded
/// in `error` (C longjmps instead) and makes every pending level fail at once.
struct MatchState<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    depth: usize,
    level: usize,
    error: Option<PatternError>,
    /// Captures `0..level` are valid; grows as needed up to [`MAX_CAPTURES`]. Borrowed from
    /// [`CAPTURE_BUF`] (no allocation or clearing per match) and given back on drop.
    capture: Vec<RawCapture>,
}

/// Longest pattern whose lead is cached.
const LEAD_CACHE_LEN: usize = 24;

thread_local! {
    /// The last pattern (length, bytes zero-padded) whose lead was computed, and that lead
    /// (a pure function of the pattern). Length 255 marks the empty cache.
    static LEAD_CACHE: std::cell::Cell<(u8, [u8; LEAD_CACHE_LEN], Lead)> =
        const { std::cell::Cell::new((u8::MAX, [0; LEAD_CACHE_LEN], Lead::Any)) };
    /// The capture vector of the last dropped `MatchState`, for the next one to reuse. A
    /// nested matcher (a `gsub` callback calling `find`) finds it taken and starts empty.
    static CAPTURE_BUF: std::cell::Cell<Vec<RawCapture>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for MatchState<'_> {
    fn drop(&mut self) {
        let v = std::mem::take(&mut self.capture);
        CAPTURE_BUF.with(|c| c.set(v));
    }
}

impl<'a> MatchState<'a> {
    fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        MatchState {
            src,
            pat,
            depth: MAX_MATCH_DEPTH,
            level: 0,
            error: None,
            capture: CAPTURE_BUF.with(|c| c.take()),
        }
    }

    /// Matches the whole pattern at `s` from a fresh state.
    fn run(&mut self, s: usize) -> Result<Option<usize>, PatternError> {
        self.level = 0;
        self.depth = MAX_MATCH_DEPTH;
        let r = self.do_match(s, 0);
        match self.error {
            Some(e) => Err(e),
            None => Ok(r),
        }
    }

    fn fail(&mut self, e: PatternError) -> Option<usize> {
        self.error.get_or_insert(e);
        None
    }

    fn to_match(&self, start: usize, end: usize) -> Match {
        Match {
            start,
            end,
            caps: Caps::from_slice(&self.capture[..self.level]),
        }
    }

    /// Pattern byte at `i`, or 0 past the end (C reads the terminating NUL there).
    #[inline]
    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    /// End of the single-character class at `p` (`None` after recording an error).
    fn class_end(&mut self, p: usize) -> Option<usize> {
        let c = self.p(p);
        let mut p = p + 1;
        match c {
            L_ESC => {
                if p >= self.pat.len() {
                    return self.fail(PatternError::EndsWithEscape);
                }
                Some(p + 1)
            }
            b'[' => {
                if self.p(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return self.fail(PatternError::MissingBracket);
                    }
                    let c = self.pat[p];
                    p += 1;
                    if c == L_ESC && p < self.pat.len() {
                        p += 1;
                    }
                    if self.p(p) == b']' {
                        return Some(p + 1);
                    }
                }
            }
            _ => Some(p),
        }
    }

    /// `p` is the '[' of the set, `ec` its closing ']'.
    fn match_bracket_class(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.p(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                return !sig;
            }
            let pc = self.pat[p];
            if pc == L_ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return sig;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if pc <= c && c <= self.pat[p] {
                    return sig;
                }
            } else if pc == c {
                return sig;
            }
        }
    }

    #[inline]
    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            L_ESC => match_class(c, self.p(p + 1)),
            b'[' => self.match_bracket_class(c, p, ep - 1),
            pc => pc == c,
        }
    }

    fn match_balance(&mut self, s: usize, p: usize) -> Option<usize> {
        if p + 1 >= self.pat.len() {
            return self.fail(PatternError::MissingBalanceArgs);
        }
        if self.src.get(s) != Some(&self.pat[p]) {
            return None;
        }
        let (b, e) = (self.pat[p], self.pat[p + 1]);
        let mut cont = 1usize;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == e {
                cont -= 1;
                if cont == 0 {
                    return Some(i + 1);
                }
            } else if c == b {
                cont += 1;
            }
        }
        None
    }

    /// How many bytes from `s` on the single-byte item `pat[p..ep]` matches in a row
    /// (`single_match` repeated, with the item's class turned into a byte set first).
    #[inline]
    fn run_length(&self, s: usize, p: usize, ep: usize) -> usize {
        let rest = self.src.get(s..).unwrap_or_default();
        match self.pat[p] {
            b'.' => rest.len(),
            L_ESC => {
                let cl = self.p(p + 1);
                if CLASS_OF[cl as usize] == 0 {
                    rest.iter().take_while(|&&c| c == cl).count()
                } else {
                    let set = ByteSet::of_class(cl);
                    rest.iter().take_while(|&&c| set.contains(c)).count()
                }
            }
            b'[' => {
                // Runs of a set are often short (`[ \t]*` between tokens): a few bytes are
                // tested directly before building the set.
                const DIRECT: usize = 4;
                for (i, &c) in rest.iter().take(DIRECT).enumerate() {
                    if !self.match_bracket_class(c, p, ep - 1) {
                        return i;
                    }
                }
                if rest.len() <= DIRECT {
                    return rest.len();
                }
                let set = self.bracket_set(p, ep - 1);
                DIRECT
                    + rest[DIRECT..]
                        .iter()
                        .take_while(|&&c| set.contains(c))
                        .count()
            }
            pc => rest.iter().take_while(|&&c| c == pc).count(),
        }
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Option<usize> {
        let mut i = self.run_length(s, p, ep);
        loop {
            if let Some(r) = self.do_match(s + i, ep + 1) {
                return Some(r);
            }
            if i == 0 || self.error.is_some() {
                return None;
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> Option<usize> {
        loop {
            if let Some(r) = self.do_match(s, ep + 1) {
                return Some(r);
            }
            if self.error.is_none() && self.single_match(s, p, ep) {
                s += 1;
            } else {
                return None;
            }
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: isize) -> Option<usize> {
        let level = self.level;
        if level >= MAX_CAPTURES {
            return self.fail(PatternError::TooManyCaptures);
        }
        let c = RawCapture { init: s, len: what };
        if level < self.capture.len() {
            self.capture[level] = c;
        } else {
            self.capture.push(c);
        }
        self.level = level + 1;
        let res = self.do_match(s, p);
        if res.is_none() {
            self.level -= 1;
        }
        res
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Option<usize> {
        let Some(l) = (0..self.level)
            .rev()
            .find(|&l| self.capture[l].len == CAP_UNFINISHED)
        else {
            return self.fail(PatternError::InvalidPatternCapture);
        };
        self.capture[l].len = (s - self.capture[l].init) as isize;
        let res = self.do_match(s, p);
        if res.is_none() {
            self.capture[l].len = CAP_UNFINISHED;
        }
        res
    }

    fn match_capture(&mut self, s: usize, digit: u8) -> Option<usize> {
        let l = digit as isize - b'1' as isize;
        if l < 0 || l as usize >= self.level || self.capture[l as usize].len == CAP_UNFINISHED {
            return self.fail(PatternError::InvalidCaptureIndex((l + 1) as u8));
        }
        let cap = self.capture[l as usize];
        if cap.len < 0 {
            return None; // a position capture never matches text
        }
        let len = cap.len as usize;
        if self.src.len() - s >= len && self.src[cap.init..cap.init + len] == self.src[s..s + len] {
            Some(s + len)
        } else {
            None
        }
    }

    fn do_match(&mut self, s: usize, p: usize) -> Option<usize> {
        if self.depth == 0 {
            return self.fail(PatternError::TooComplex);
        }
        self.depth -= 1;
        let res = self.match_body(s, p);
        self.depth += 1;
        res
    }

    fn match_body(&mut self, mut s: usize, mut p: usize) -> Option<usize> {
        loop {
            if p >= self.pat.len() {
                return Some(s);
            }
            match self.pat[p] {
                b'(' => {
                    return if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, CAP_POSITION)
                    } else {
                        self.start_capture(s, p + 1, CAP_UNFINISHED)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == self.pat.len() => {
                    return (s == self.src.len()).then_some(s);
                }
                L_ESC if self.p(p + 1) == b'b' => {
                    s = self.match_balance(s, p + 2)?;
                    p += 4;
                }
                L_ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return self.fail(PatternError::MissingFrontierSet);
                    }
                    let ep = self.class_end(p)?;
                    let prev = if s == 0 { 0 } else { self.src[s - 1] };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    if self.match_bracket_class(prev, p, ep - 1)
                        || !self.match_bracket_class(cur, p, ep - 1)
                    {
                        return None;
                    }
                    p = ep;
                }
                L_ESC if self.p(p + 1).is_ascii_digit() => {
                    s = self.match_capture(s, self.p(p + 1))?;
                    p += 2;
                }
                _ => {
                    let ep = self.class_end(p)?;
                    let suffix = self.p(ep);
                    if !self.single_match(s, p, ep) {
                        if suffix == b'*' || suffix == b'?' || suffix == b'-' {
                            p = ep + 1;
                            continue;
                        }
                        return None;
                    }
                    match suffix {
                        b'?' => {
                            if let Some(r) = self.do_match(s + 1, ep + 1) {
                                return Some(r);
                            }
                            if self.error.is_some() {
                                return None;
                            }
                            p = ep + 1;
                        }
                        b'+' => return self.max_expand(s + 1, p, ep),
                        b'*' => return self.max_expand(s, p, ep),
                        b'-' => return self.min_expand(s, p, ep),
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "pattern_tests.rs"]
mod tests;

#[path = "pattern_simple.rs"]
mod simple;
