//! The lexer: a port of PUC Lua 5.4's `llex.c`.
//!
//! Owns tokens ([`Tok`]), string interning ([`Interner`], so the parser compares names by id
//! as PUC compares interned `TString` pointers), and the formatting of syntax errors
//! (`chunkid:line: message near 'token'`), which needs the lexer's buffer exactly as
//! `llex.c` leaves it.

use crate::number::{chunk_id_bytes, str_to_number, Number};
use crate::SyntaxError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Marks the end of the input (PUC's `EOZ`).
const EOZ: i32 = -1;

/// A small, fast hasher (FxHash) for the interner and the constant cache.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.write_u64(b as u64);
        }
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    #[inline]
    fn finish(&self) -> u64 {
        // FxHash leaves the low bits of keys with many trailing zeros (float bits) unmixed,
        // and the table indexes with low bits: finish with murmur3's avalanche.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// An interned string: equal ids mean equal bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct StrId(pub u32);

/// Interns the strings of one compilation (names and string literals).
#[derive(Default)]
pub(crate) struct Interner {
    map: FxMap<Rc<[u8]>, u32>,
    strs: Vec<Rc<[u8]>>,
}

impl Interner {
    pub fn intern(&mut self, s: &[u8]) -> StrId {
        if let Some(&id) = self.map.get(s) {
            return StrId(id);
        }
        let rc: Rc<[u8]> = Rc::from(s);
        let id = self.strs.len() as u32;
        self.strs.push(rc.clone());
        self.map.insert(rc, id);
        StrId(id)
    }
    pub fn get(&self, id: StrId) -> &Rc<[u8]> {
        &self.strs[id.0 as usize]
    }
}

/// A token (PUC's `Token` with its `SemInfo`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A single-byte token (`+`, `{`, ...); `Char(0)` prints without a "near" part.
    Char(u8),
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    IDiv,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Shl,
    Shr,
    DbColon,
    Eos,
    Flt(f64),
    Int(i64),
    Name(StrId),
    Str(StrId),
}

fn reserved(word: &[u8]) -> Option<Tok> {
    Some(match word {
        b"and" => Tok::And,
        b"break" => Tok::Break,
        b"do" => Tok::Do,
        b"else" => Tok::Else,
        b"elseif" => Tok::Elseif,
        b"end" => Tok::End,
        b"false" => Tok::False,
        b"for" => Tok::For,
        b"function" => Tok::Function,
        b"goto" => Tok::Goto,
        b"if" => Tok::If,
        b"in" => Tok::In,
        b"local" => Tok::Local,
        b"nil" => Tok::Nil,
        b"not" => Tok::Not,
        b"or" => Tok::Or,
        b"repeat" => Tok::Repeat,
        b"return" => Tok::Return,
        b"then" => Tok::Then,
        b"true" => Tok::True,
        b"until" => Tok::Until,
        b"while" => Tok::While,
        _ => return None,
    })
}

/// `luaX_token2str`.
pub(crate) fn token2str(t: Tok) -> String {
    let fixed = match t {
        Tok::Char(c) => {
            return if (0x20..0x7f).contains(&c) {
                format!("'{}'", c as char)
            } else {
                format!("'<\\{c}>'")
            };
        }
        Tok::And => "and",
        Tok::Break => "break",
        Tok::Do => "do",
        Tok::Else => "else",
        Tok::Elseif => "elseif",
        Tok::End => "end",
        Tok::False => "false",
        Tok::For => "for",
        Tok::Function => "function",
        Tok::Goto => "goto",
        Tok::If => "if",
        Tok::In => "in",
        Tok::Local => "local",
        Tok::Nil => "nil",
        Tok::Not => "not",
        Tok::Or => "or",
        Tok::Repeat => "repeat",
        Tok::Return => "return",
        Tok::Then => "then",
        Tok::True => "true",
        Tok::Until => "until",
        Tok::While => "while",
        Tok::IDiv => "//",
        Tok::Concat => "..",
        Tok::Dots => "...",
        Tok::Eq => "==",
        Tok::Ge => ">=",
        Tok::Le => "<=",
        Tok::Ne => "~=",
        Tok::Shl => "<<",
        Tok::Shr => ">>",
        Tok::DbColon => "::",
        Tok::Eos => return "<eof>".into(),
        Tok::Flt(_) => return "<number>".into(),
        Tok::Int(_) => return "<integer>".into(),
        Tok::Name(_) => return "<name>".into(),
        Tok::Str(_) => return "<string>".into(),
    };
    format!("'{fixed}'")
}

#[inline]
fn is_alpha(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphabetic() || c == b'_' as i32)
}
#[inline]
fn is_alnum(c: i32) -> bool {
    c >= 0 && ((c as u8).is_ascii_alphanumeric() || c == b'_' as i32)
}
#[inline]
fn is_digit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_digit()
}
#[inline]
fn is_xdigit(c: i32) -> bool {
    c >= 0 && (c as u8).is_ascii_hexdigit()
}
#[inline]
fn is_space(c: i32) -> bool {
    c >= 0 && crate::number::is_space(c as u8)
}
fn hexa_value(c: i32) -> u32 {
    (c as u8 as char).to_digit(16).unwrap_or(0)
}

/// `luaO_utf8esc`: the (extended, up to 6 bytes) UTF-8 encoding of `x <= 0x7FFFFFFF`.
fn utf8esc(mut x: u32, out: &mut Vec<u8>) {
    if x < 0x80 {
        out.push(x as u8);
        return;
    }
    let mut buf = [0u8; 8];
    let mut n = 1;
    let mut mfb: u32 = 0x3f;
    loop {
        buf[8 - n] = 0x80 | (x & 0x3f) as u8;
        n += 1;
        x >>= 6;
        mfb >>= 1;
        if x <= mfb {
            break;
        }
    }
    buf[8 - n] = ((!mfb << 1) | x) as u8;
    out.extend_from_slice(&buf[8 - n..]);
}

/// The lexer state (PUC's `LexState`, minus the parser parts).
pub(crate) struct Lexer<'s> {
    src: &'s [u8],
    pos: usize,
    current: i32,
    pub linenumber: u32,
    /// Line of the last token consumed.
    pub lastline: u32,
    pub t: Tok,
    lookahead: Option<Tok>,
    buff: Vec<u8>,
    pub strings: Interner,
    /// Chunk id for messages (`luaO_chunkid` of the chunk name).
    chunkid: Vec<u8>,
}

type LexResult<T> = Result<T, SyntaxError>;

impl<'s> Lexer<'s> {
    pub fn new(src: &'s [u8], chunkname: &[u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            current: src.first().map_or(EOZ, |&c| c as i32),
            linenumber: 1,
            lastline: 1,
            t: Tok::Char(0),
            lookahead: None,
            buff: Vec::with_capacity(64),
            strings: Interner::default(),
            chunkid: chunk_id_bytes(chunkname),
        }
    }

    #[inline]
    fn next_char(&mut self) {
        self.pos += 1;
        self.current = match self.src.get(self.pos) {
            Some(&c) => c as i32,
            None => {
                self.pos = self.src.len();
                EOZ
            }
        };
    }

    #[inline]
    fn save(&mut self, c: i32) {
        self.buff.push(c as u8);
    }

    #[inline]
    fn save_and_next(&mut self) {
        self.save(self.current);
        self.next_char();
    }

    #[inline]
    fn curr_is_newline(&self) -> bool {
        self.current == b'\n' as i32 || self.current == b'\r' as i32
    }

    /// Formats an error at the current line, optionally "near" a token (`lexerror`).
    pub fn error(&self, msg: &str, token: Option<Tok>) -> SyntaxError {
        let mut message = self.chunkid.clone();
        message.extend_from_slice(format!(":{}: {}", self.linenumber, msg).as_bytes());
        if let Some(t) = token {
            if t != Tok::Char(0) {
                message.extend_from_slice(b" near ");
                message.extend_from_slice(&self.txt_token(t));
            }
        }
        SyntaxError { message }
    }

    /// `luaX_syntaxerror`: an error near the current token.
    pub fn syntax_error(&self, msg: &str) -> SyntaxError {
        self.error(msg, Some(self.t))
    }

    /// `txtToken`: names, strings and numerals print as the text in the buffer (its bytes).
    fn txt_token(&self, t: Tok) -> Vec<u8> {
        match t {
            Tok::Name(_) | Tok::Str(_) | Tok::Flt(_) | Tok::Int(_) => {
                // C's "%s" stops at the first NUL
                let end = self
                    .buff
                    .iter()
                    .position(|&c| c == 0)
                    .unwrap_or(self.buff.len());
                let mut s = Vec::with_capacity(end + 2);
                s.push(b'\'');
                s.extend_from_slice(&self.buff[..end]);
                s.push(b'\'');
                s
            }
            _ => token2str(t).into_bytes(),
        }
    }

    fn inclinenumber(&mut self) -> LexResult<()> {
        let old = self.current;
        self.next_char();
        if self.curr_is_newline() && self.current != old {
            self.next_char();
        }
        self.linenumber += 1;
        if self.linenumber >= i32::MAX as u32 {
            return Err(self.error("chunk has too many lines", None));
        }
        Ok(())
    }

    /// `luaX_next`.
    pub fn next(&mut self) -> LexResult<()> {
        self.lastline = self.linenumber;
        self.t = match self.lookahead.take() {
            Some(t) => t,
            None => self.llex()?,
        };
        Ok(())
    }

    /// `luaX_lookahead`.
    pub fn lookahead(&mut self) -> LexResult<Tok> {
        let t = self.llex()?;
        self.lookahead = Some(t);
        Ok(t)
    }

    fn check_next1(&mut self, c: u8) -> bool {
        if self.current == c as i32 {
            self.next_char();
            true
        } else {
            false
        }
    }

    fn check_next2(&mut self, set: &[u8; 2]) -> bool {
        if self.current == set[0] as i32 || self.current == set[1] as i32 {
            self.save_and_next();
            true
        } else {
            false
        }
    }

    fn read_numeral(&mut self) -> LexResult<Tok> {
        let mut expo = b"Ee";
        let first = self.current;
        self.save_and_next();
        if first == b'0' as i32 && self.check_next2(b"xX") {
            expo = b"Pp";
        }
        loop {
            if self.check_next2(expo) {
                self.check_next2(b"-+");
            } else if is_xdigit(self.current) || self.current == b'.' as i32 {
                self.save_and_next();
            } else {
                break;
            }
        }
        if is_alpha(self.current) {
            self.save_and_next(); // force an error
        }
        match str_to_number(&self.buff) {
            Some(Number::Int(i)) => Ok(Tok::Int(i)),
            Some(Number::Float(f)) => Ok(Tok::Flt(f)),
            None => Err(self.error("malformed number", Some(Tok::Flt(0.0)))),
        }
    }

    /// `skip_sep`: reads `[=*[` or `]=*]`, leaving the last bracket; returns the number of
    /// `=` plus 2 if well formed, 1 for a single bracket, 0 for an unfinished `[==`.
    fn skip_sep(&mut self) -> usize {
        let mut count = 0;
        let s = self.current;
        self.save_and_next();
        while self.current == b'=' as i32 {
            self.save_and_next();
            count += 1;
        }
        if self.current == s {
            count + 2
        } else if count == 0 {
            1
        } else {
            0
        }
    }

    fn read_long_string(&mut self, is_string: bool, sep: usize) -> LexResult<Option<StrId>> {
        let line = self.linenumber;
        self.save_and_next(); // skip 2nd '['
        if self.curr_is_newline() {
            self.inclinenumber()?;
        }
        loop {
            match self.current {
                EOZ => {
                    let what = if is_string { "string" } else { "comment" };
                    let msg = format!("unfinished long {what} (starting at line {line})");
                    return Err(self.error(&msg, Some(Tok::Eos)));
                }
                c if c == b']' as i32 => {
                    if self.skip_sep() == sep {
                        self.save_and_next(); // skip 2nd ']'
                        break;
                    }
                }
                c if c == b'\n' as i32 || c == b'\r' as i32 => {
                    self.save(b'\n' as i32);
                    self.inclinenumber()?;
                    if !is_string {
                        self.buff.clear();
                    }
                }
                _ => {
                    if is_string {
                        self.save_and_next();
                    } else {
                        self.next_char();
                    }
                }
            }
        }
        if is_string {
            let n = self.buff.len();
            let id = self.strings.intern(&self.buff[sep..n - sep]);
            Ok(Some(id))
        } else {
            Ok(None)
        }
    }

    fn esccheck(&mut self, ok: bool, msg: &str) -> LexResult<()> {
        if !ok {
            if self.current != EOZ {
                self.save_and_next(); // add current to buffer for error message
            }
            return Err(self.error(msg, Some(Tok::Str(StrId(0)))));
        }
        Ok(())
    }

    fn gethexa(&mut self) -> LexResult<u32> {
        self.save_and_next();
        self.esccheck(is_xdigit(self.current), "hexadecimal digit expected")?;
        Ok(hexa_value(self.current))
    }

    fn readhexaesc(&mut self) -> LexResult<u32> {
        let mut r = self.gethexa()?;
        r = (r << 4) + self.gethexa()?;
        let n = self.buff.len();
        self.buff.truncate(n - 2);
        Ok(r)
    }

    fn readutf8esc(&mut self) -> LexResult<u32> {
        let mut i = 4; // chars to be removed: '\', 'u', '{', and first digit
        self.save_and_next(); // skip 'u'
        self.esccheck(self.current == b'{' as i32, "missing '{'")?;
        let mut r = self.gethexa()?; // must have at least one digit
        loop {
            self.save_and_next();
            if !is_xdigit(self.current) {
                break;
            }
            i += 1;
            self.esccheck(r <= (0x7FFF_FFFFu32 >> 4), "UTF-8 value too large")?;
            r = (r << 4) + hexa_value(self.current);
        }
        self.esccheck(self.current == b'}' as i32, "missing '}'")?;
        self.next_char(); // skip '}'
        let n = self.buff.len();
        self.buff.truncate(n - i);
        Ok(r)
    }

    fn readdecesc(&mut self) -> LexResult<u32> {
        let mut r: u32 = 0;
        let mut i = 0;
        while i < 3 && is_digit(self.current) {
            r = 10 * r + (self.current - b'0' as i32) as u32;
            self.save_and_next();
            i += 1;
        }
        self.esccheck(r <= 255, "decimal escape too large")?;
        let n = self.buff.len();
        self.buff.truncate(n - i);
        Ok(r)
    }

    fn read_string(&mut self, del: i32) -> LexResult<StrId> {
        self.save_and_next(); // keep delimiter (for error messages)
        while self.current != del {
            match self.current {
                EOZ => return Err(self.error("unfinished string", Some(Tok::Eos))),
                c if c == b'\n' as i32 || c == b'\r' as i32 => {
                    return Err(self.error("unfinished string", Some(Tok::Str(StrId(0)))));
                }
                c if c == b'\\' as i32 => {
                    self.save_and_next(); // keep '\\' for error messages
                                          // (c, read next char?) or None for "no save"
                    let action: Option<(u32, bool)> = match self.current {
                        EOZ => None, // will raise an error next loop
                        c => match c as u8 {
                            b'a' => Some((7, true)),
                            b'b' => Some((8, true)),
                            b'f' => Some((12, true)),
                            b'n' => Some((b'\n' as u32, true)),
                            b'r' => Some((b'\r' as u32, true)),
                            b't' => Some((b'\t' as u32, true)),
                            b'v' => Some((11, true)),
                            b'x' => Some((self.readhexaesc()?, true)),
                            b'u' => {
                                let r = self.readutf8esc()?;
                                let mut tmp = Vec::with_capacity(8);
                                utf8esc(r, &mut tmp);
                                self.buff.extend_from_slice(&tmp);
                                None
                            }
                            b'\n' | b'\r' => {
                                self.inclinenumber()?;
                                Some((b'\n' as u32, false))
                            }
                            b'\\' | b'"' | b'\'' => Some((c as u32, true)),
                            b'z' => {
                                self.buff.pop(); // remove '\\'
                                self.next_char(); // skip the 'z'
                                while is_space(self.current) {
                                    if self.curr_is_newline() {
                                        self.inclinenumber()?;
                                    } else {
                                        self.next_char();
                                    }
                                }
                                None
                            }
                            _ => {
                                self.esccheck(is_digit(self.current), "invalid escape sequence")?;
                                Some((self.readdecesc()?, false))
                            }
                        },
                    };
                    if let Some((c, read)) = action {
                        if read {
                            self.next_char();
                        }
                        self.buff.pop(); // remove '\\'
                        self.buff.push(c as u8);
                    }
                }
                _ => self.save_and_next(),
            }
        }
        self.save_and_next(); // skip delimiter
        let n = self.buff.len();
        Ok(self.strings.intern(&self.buff[1..n - 1]))
    }

    fn llex(&mut self) -> LexResult<Tok> {
        self.buff.clear();
        loop {
            let c = self.current;
            if c == EOZ {
                return Ok(Tok::Eos);
            }
            match c as u8 {
                b'\n' | b'\r' => self.inclinenumber()?,
                b' ' | 0x0c | b'\t' | 0x0b => self.next_char(),
                b'-' => {
                    self.next_char();
                    if self.current != b'-' as i32 {
                        return Ok(Tok::Char(b'-'));
                    }
                    // a comment
                    self.next_char();
                    if self.current == b'[' as i32 {
                        let sep = self.skip_sep();
                        self.buff.clear();
                        if sep >= 2 {
                            self.read_long_string(false, sep)?;
                            self.buff.clear();
                            continue;
                        }
                    }
                    // short comment
                    while !self.curr_is_newline() && self.current != EOZ {
                        self.next_char();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 2 {
                        let id = self.read_long_string(true, sep)?;
                        return Ok(Tok::Str(id.unwrap_or(StrId(0))));
                    } else if sep == 0 {
                        return Err(
                            self.error("invalid long string delimiter", Some(Tok::Str(StrId(0))))
                        );
                    }
                    return Ok(Tok::Char(b'['));
                }
                b'=' => {
                    self.next_char();
                    return Ok(if self.check_next1(b'=') {
                        Tok::Eq
                    } else {
                        Tok::Char(b'=')
                    });
                }
                b'<' => {
                    self.next_char();
                    return Ok(if self.check_next1(b'=') {
                        Tok::Le
                    } else if self.check_next1(b'<') {
                        Tok::Shl
                    } else {
                        Tok::Char(b'<')
                    });
                }
                b'>' => {
                    self.next_char();
                    return Ok(if self.check_next1(b'=') {
                        Tok::Ge
                    } else if self.check_next1(b'>') {
                        Tok::Shr
                    } else {
                        Tok::Char(b'>')
                    });
                }
                b'/' => {
                    self.next_char();
                    return Ok(if self.check_next1(b'/') {
                        Tok::IDiv
                    } else {
                        Tok::Char(b'/')
                    });
                }
                b'~' => {
                    self.next_char();
                    return Ok(if self.check_next1(b'=') {
                        Tok::Ne
                    } else {
                        Tok::Char(b'~')
                    });
                }
                b':' => {
                    self.next_char();
                    return Ok(if self.check_next1(b':') {
                        Tok::DbColon
                    } else {
                        Tok::Char(b':')
                    });
                }
                b'"' | b'\'' => return Ok(Tok::Str(self.read_string(c)?)),
                b'.' => {
                    self.save_and_next();
                    if self.check_next1(b'.') {
                        return Ok(if self.check_next1(b'.') {
                            Tok::Dots
                        } else {
                            Tok::Concat
                        });
                    } else if !is_digit(self.current) {
                        return Ok(Tok::Char(b'.'));
                    }
                    return self.read_numeral();
                }
                b'0'..=b'9' => return self.read_numeral(),
                _ => {
                    if is_alpha(c) {
                        loop {
                            self.save_and_next();
                            if !is_alnum(self.current) {
                                break;
                            }
                        }
                        if let Some(t) = reserved(&self.buff) {
                            return Ok(t);
                        }
                        return Ok(Tok::Name(self.strings.intern(&self.buff)));
                    }
                    self.next_char();
                    return Ok(Tok::Char(c as u8));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_all(src: &str) -> Result<Vec<Tok>, String> {
        let mut lx = Lexer::new(src.as_bytes(), b"=t");
        let mut out = Vec::new();
        loop {
            lx.next().map_err(|e| e.text().into_owned())?;
            if lx.t == Tok::Eos {
                return Ok(out);
            }
            out.push(lx.t);
        }
    }

    fn one_string(src: &str) -> Vec<u8> {
        let mut lx = Lexer::new(src.as_bytes(), b"=t");
        lx.next().unwrap();
        match lx.t {
            Tok::Str(id) => lx.strings.get(id).to_vec(),
            t => panic!("not a string: {t:?}"),
        }
    }

    #[test]
    fn tokens() {
        let toks = lex_all("a = 1 + 2.5 // 3 .. ... == ~= <= >= << >> :: -- comment\n x").unwrap();
        assert_eq!(toks.len(), 17);
        assert_eq!(toks[2], Tok::Int(1));
        assert_eq!(toks[4], Tok::Flt(2.5));
        assert_eq!(toks[5], Tok::IDiv);
        assert!(matches!(toks[16], Tok::Name(_)));
    }

    #[test]
    fn escapes() {
        assert_eq!(one_string(r#""a\tb\x41\65\u{48}\u{7FFFFFFF}""#), {
            let mut v = b"a\tbAAH".to_vec();
            v.extend_from_slice(&[0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF]);
            v
        });
        assert_eq!(one_string("'a\\z  \n  b'"), b"ab");
        assert_eq!(one_string("[==[\nx]]y]==]"), b"x]]y");
        assert_eq!(one_string("'\\0\\\n'"), b"\0\n");
    }

    #[test]
    fn errors() {
        assert_eq!(
            lex_all("x = \"abc").unwrap_err(),
            "t:1: unfinished string near <eof>"
        );
        assert_eq!(
            lex_all("x = \"abc\ny").unwrap_err(),
            "t:1: unfinished string near '\"abc'"
        );
        assert_eq!(
            lex_all("3x").unwrap_err(),
            "t:1: malformed number near '3x'"
        );
        assert_eq!(
            lex_all("'\\q'").unwrap_err(),
            "t:1: invalid escape sequence near ''\\q'"
        );
        assert_eq!(
            lex_all("'\\300'").unwrap_err(),
            "t:1: decimal escape too large near ''\\300''"
        );
        assert_eq!(
            lex_all("--[[ x\n").unwrap_err(),
            "t:2: unfinished long comment (starting at line 1) near <eof>"
        );
    }
}
