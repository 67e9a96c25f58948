//! Simple patterns, compiled once: a sequence of single-byte items (a literal, `.`, a `%x`
//! class or a `[...]` set, each as a 256-bit map) with their quantifiers (`* + - ?`),
//! balanced plain captures `(...)` around them, and an optional final `$`; no position
//! captures, `%b`, `%f` or back-references. Tokenizers' patterns (`^[ \t\r\n]*`, `["\\]`,
//! `^-?%d+%.?%d*[eE]?[-+]?%d*`, `%a+`, `(%w+) (%w+)`) are such patterns; matching them walks
//! the compiled items instead of re-parsing the pattern text at every byte.
//!
//! The matcher backtracks exactly as `MatchState::do_match` does (same order of attempts,
//! so the same match); a pattern that is not simple, or malformed in any way, does not
//! compile and goes to the general matcher, which raises the errors at the same point as
//! PUC. With at most [`MAX_ITEMS`] items the recursion stays far below `MAX_MATCH_DEPTH`,
//! so "pattern too complex" cannot arise here either.

use super::{ByteSet, RawCapture, CAP_UNFINISHED, CLASS_OF, L_ESC};
use std::cell::RefCell;
use std::rc::Rc;

/// Most items (single-byte items, capture opens and closes) a simple pattern may have.
const MAX_ITEMS: usize = 12;
/// Most captures a simple pattern may have.
pub(super) const MAX_SIMPLE_CAPS: usize = 4;
/// Longest pattern kept in the per-thread cache.
const CACHE_LEN: usize = 24;
/// Entries of the per-thread cache.
const CACHE_ENTRIES: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quant {
    One,
    Star,
    Plus,
    Minus,
    Opt,
    /// `(`: a capture starts (the set is unused).
    Open,
    /// `)`: the innermost unfinished capture ends (the set is unused).
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    set: ByteSet,
    q: Quant,
    /// For `*` and `+`: the next single-byte item needs a byte outside `set`, so of the
    /// run lengths only the longest can be followed by a match (`(%w+) (%w+)`); shorter
    /// ones are not tried.
    only_longest: bool,
}

/// A compiled simple pattern (without its anchor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Simple {
    items: [Item; MAX_ITEMS],
    n: u8,
    /// Ends with `$`: matches only at the subject's end.
    dollar: bool,
}

impl Simple {
    /// Compiles `pat` (its anchor already removed), or `None` if it is not simple.
    fn compile(pat: &[u8]) -> Option<Simple> {
        let mut items = [Item {
            set: ByteSet::EMPTY,
            q: Quant::One,
            only_longest: false,
        }; MAX_ITEMS];
        let mut n = 0;
        let mut p = 0;
        let (mut open, mut caps) = (0, 0);
        let at = |i: usize| pat.get(i).copied().unwrap_or(0);
        while p < pat.len() {
            let c = pat[p];
            if n == MAX_ITEMS {
                return None;
            }
            match c {
                b'(' => {
                    // Position captures `()` and too many captures: the general matcher.
                    if at(p + 1) == b')' || caps == MAX_SIMPLE_CAPS {
                        return None;
                    }
                    items[n].q = Quant::Open;
                    (n, p, open, caps) = (n + 1, p + 1, open + 1, caps + 1);
                    continue;
                }
                b')' => {
                    if open == 0 {
                        return None;
                    }
                    items[n].q = Quant::Close;
                    (n, p, open) = (n + 1, p + 1, open - 1);
                    continue;
                }
                b'$' if p + 1 == pat.len() => {
                    if open != 0 {
                        return None;
                    }
                    return Some(Simple::finish(items, n, true));
                }
                L_ESC if matches!(at(p + 1), b'b' | b'f' | b'0'..=b'9') => return None,
                _ => {}
            }
            // The item's end (`class_end`, without its errors).
            let ep = match c {
                L_ESC => {
                    if p + 1 >= pat.len() {
                        return None;
                    }
                    p + 2
                }
                b'[' => {
                    let mut q = p + 1;
                    if at(q) == b'^' {
                        q += 1;
                    }
                    loop {
                        if q >= pat.len() {
                            return None;
                        }
                        let c = pat[q];
                        q += 1;
                        if c == L_ESC && q < pat.len() {
                            q += 1;
                        }
                        if at(q) == b']' {
                            break q + 1;
                        }
                    }
                }
                _ => p + 1,
            };
            let set = match c {
                b'.' => {
                    let mut s = ByteSet::EMPTY;
                    s.complement();
                    s
                }
                L_ESC => {
                    let cl = pat[p + 1];
                    if CLASS_OF[cl as usize] == 0 {
                        let mut s = ByteSet::EMPTY;
                        s.add(cl);
                        s
                    } else {
                        ByteSet::of_class(cl)
                    }
                }
                b'[' => ByteSet::bracket(pat, p, ep - 1),
                _ => {
                    let mut s = ByteSet::EMPTY;
                    s.add(c);
                    s
                }
            };
            let (q, next) = match at(ep) {
                b'*' => (Quant::Star, ep + 1),
                b'+' => (Quant::Plus, ep + 1),
                b'-' => (Quant::Minus, ep + 1),
                b'?' => (Quant::Opt, ep + 1),
                _ => (Quant::One, ep),
            };
            items[n] = Item {
                set,
                q,
                only_longest: false,
            };
            n += 1;
            p = next;
        }
        if open != 0 {
            return None; // an unfinished capture: its error comes from the general matcher
        }
        Some(Simple::finish(items, n, false))
    }

    /// The compiled pattern, with `only_longest` set where it holds.
    fn finish(mut items: [Item; MAX_ITEMS], n: usize, dollar: bool) -> Simple {
        for i in 0..n {
            if !matches!(items[i].q, Quant::Star | Quant::Plus) {
                continue;
            }
            let next = items[i + 1..n]
                .iter()
                .find(|it| !matches!(it.q, Quant::Open | Quant::Close));
            if let Some(next) = next {
                if matches!(next.q, Quant::One | Quant::Plus) && next.set.disjoint(&items[i].set) {
                    items[i].only_longest = true;
                }
            }
        }
        Simple {
            items,
            n: n as u8,
            dollar,
        }
    }

    /// The set a match's first byte must belong to, when the first item consumes at least
    /// one byte (the scanning loops' shortcut, as `Lead::Set`).
    #[inline]
    pub(super) fn lead(&self) -> Option<&ByteSet> {
        let items = &self.items[..self.n as usize];
        let first = match items.first() {
            Some(Item { q: Quant::Open, .. }) => items.iter().find(|it| it.q != Quant::Open),
            f => f,
        };
        match first {
            Some(Item {
                set,
                q: Quant::One | Quant::Plus,
                ..
            }) => Some(set),
            _ => None,
        }
    }

    /// A match of the whole pattern starting at `s`: its end and its number of captures,
    /// which are left in `caps`.
    pub(super) fn run(
        &self,
        src: &[u8],
        s: usize,
        caps: &mut [RawCapture; MAX_SIMPLE_CAPS],
    ) -> Option<(usize, usize)> {
        self.match_from(src, s, 0, 0, caps)
    }

    fn match_from(
        &self,
        src: &[u8],
        mut s: usize,
        mut i: usize,
        level: usize,
        caps: &mut [RawCapture; MAX_SIMPLE_CAPS],
    ) -> Option<(usize, usize)> {
        let n = self.n as usize;
        let has = |s: usize, set: &ByteSet| src.get(s).is_some_and(|&c| set.contains(c));
        loop {
            if i == n {
                return if !self.dollar || s == src.len() {
                    Some((s, level))
                } else {
                    None
                };
            }
            let it = &self.items[i];
            match it.q {
                // As `start_capture`/`end_capture`: a failure below undoes the capture.
                Quant::Open => {
                    caps[level] = RawCapture {
                        init: s,
                        len: CAP_UNFINISHED,
                    };
                    return self.match_from(src, s, i + 1, level + 1, caps);
                }
                Quant::Close => {
                    let l = (0..level).rev().find(|&l| caps[l].len == CAP_UNFINISHED)?;
                    caps[l].len = (s - caps[l].init) as isize;
                    let r = self.match_from(src, s, i + 1, level, caps);
                    if r.is_none() {
                        caps[l].len = CAP_UNFINISHED;
                    }
                    return r;
                }
                Quant::One => {
                    if !has(s, &it.set) {
                        return None;
                    }
                    s += 1;
                    i += 1;
                }
                Quant::Opt => {
                    if has(s, &it.set) {
                        if let Some(r) = self.match_from(src, s + 1, i + 1, level, caps) {
                            return Some(r);
                        }
                    }
                    i += 1;
                }
                Quant::Star | Quant::Plus => {
                    let start = if it.q == Quant::Plus {
                        if !has(s, &it.set) {
                            return None;
                        }
                        s + 1
                    } else {
                        s
                    };
                    let rest = src.get(start..).unwrap_or_default();
                    let mut k = rest.iter().take_while(|&&c| it.set.contains(c)).count();
                    if i + 1 == n && !self.dollar {
                        // nothing after: the longest run matches
                        return Some((start + k, level));
                    }
                    if it.only_longest {
                        return self.match_from(src, start + k, i + 1, level, caps);
                    }
                    loop {
                        if let Some(r) = self.match_from(src, start + k, i + 1, level, caps) {
                            return Some(r);
                        }
                        if k == 0 {
                            return None;
                        }
                        k -= 1;
                    }
                }
                Quant::Minus => loop {
                    if let Some(r) = self.match_from(src, s, i + 1, level, caps) {
                        return Some(r);
                    }
                    if has(s, &it.set) {
                        s += 1;
                    } else {
                        return None;
                    }
                },
            }
        }
    }
}

type Entry = (u8, [u8; CACHE_LEN], Option<Rc<Simple>>);

thread_local! {
    /// Recently compiled patterns (length, bytes zero-padded, result; length 255 marks an
    /// empty entry), replaced round robin; `.1` is the next entry to replace.
    static CACHE: RefCell<([Entry; CACHE_ENTRIES], usize)> =
        const { RefCell::new(([const { (u8::MAX, [0; CACHE_LEN], None) }; CACHE_ENTRIES], 0)) };
}

/// The compiled form of `pat` (anchor removed) if it is simple, from the per-thread cache
/// when possible. Patterns longer than the cache's keys are not compiled.
pub(super) fn get(pat: &[u8]) -> Option<Rc<Simple>> {
    #[cfg(test)]
    if tests::OFF.with(|c| c.get()) {
        return None;
    }
    if pat.len() > CACHE_LEN {
        return None;
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        for e in c.0.iter() {
            if e.0 as usize == pat.len() && &e.1[..pat.len()] == pat {
                return e.2.clone();
            }
        }
        let mut key = [0u8; CACHE_LEN];
        key[..pat.len()].copy_from_slice(pat);
        let simple = Simple::compile(pat).map(Rc::new);
        let at = c.1;
        c.0[at] = (pat.len() as u8, key, simple.clone());
        c.1 = (at + 1) % CACHE_ENTRIES;
        simple
    })
}

#[cfg(test)]
mod tests {
    use super::super::{find, gsub_str, str_match, GmatchState};
    use super::*;

    thread_local! {
        /// Set by the differential test: every pattern goes to the general matcher.
        pub(super) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// find, match, gmatch and gsub of `p` over `s`, as a comparable string.
    fn all_ops(s: &[u8], p: &[u8], init: i64) -> String {
        let mut out = format!("{:?}|{:?}|", find(s, p, init, false), str_match(s, p, init));
        let mut g = GmatchState::new(s.len(), init);
        for _ in 0..100 {
            match g.next(s, p) {
                Ok(Some(m)) => out.push_str(&format!("{m:?},")),
                r => {
                    out.push_str(&format!("{r:?}"));
                    break;
                }
            }
        }
        out.push_str(&format!("|{:?}", gsub_str(s, p, b"<%0>", None)));
        out.push_str(&format!("|{:?}", gsub_str(s, p, b"[%1%2]", Some(3))));
        out
    }

    #[test]
    fn same_results_as_the_general_matcher() {
        let pieces: &[&[u8]] = &[
            b"a", b"b", b".", b"%a", b"%d", b"%s", b"%A", b"%.", b"%%", b"[ab]", b"[^a]", b"[a-c]",
            b"[%d.]", b"[]]", b"[^]a]", b"-", b"^", b"$", b"]", b"*", b"+", b"?", b"[%a-]", b"x",
            b"%w", b"[-+]", b"(", b")", b"%b()", b"%f[a]", b"%1", b"[a", b"%", b"(", b")", b"(",
            b")", b"()", b"(%a+)", b"(a*)", b")(", b"((", b"))",
        ];
        let quants: &[&[u8]] = &[b"", b"", b"*", b"+", b"-", b"?"];
        let subjects: &[&[u8]] = &[
            b"",
            b"a",
            b"ab",
            b"aab ba.b",
            b"  12.5e-3x",
            b"b]a-a+b$",
            b"xxaxbxx",
            b"%a%%",
            b"1 2  3\t4",
            b"abc(def)ghi",
            b"..aa..bb",
        ];
        let mut seed: u64 = 12345;
        let mut rnd = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let mut compiled = 0;
        for _ in 0..6000 {
            let mut p = Vec::new();
            if rnd(4) == 0 {
                p.push(b'^');
            }
            for _ in 0..1 + rnd(5) {
                p.extend_from_slice(pieces[rnd(pieces.len())]);
                p.extend_from_slice(quants[rnd(quants.len())]);
            }
            if rnd(6) == 0 {
                p.push(b'$');
            }
            let body = if p.first() == Some(&b'^') {
                &p[1..]
            } else {
                &p[..]
            };
            if Simple::compile(body).is_some() {
                compiled += 1;
            }
            for s in subjects {
                for init in [1, 2, -1, 0, 20] {
                    let fast = all_ops(s, &p, init);
                    OFF.with(|c| c.set(true));
                    let slow = all_ops(s, &p, init);
                    OFF.with(|c| c.set(false));
                    assert_eq!(
                        fast,
                        slow,
                        "pattern {:?} subject {:?} init {init}",
                        String::from_utf8_lossy(&p),
                        String::from_utf8_lossy(s)
                    );
                }
            }
        }
        assert!(compiled > 1000, "{compiled}");
    }

    #[test]
    fn compiles_only_simple_patterns() {
        for p in [
            &b"^[ \t\r\n]*"[1..],
            b"[\"\\]",
            b"-?%d+%.?%d*[eE]?[-+]?%d*",
            b"%a+",
            b"a.b-c?d*$",
            b"",
            b"$",
            b"[]]",
            b"[^%a-]+",
            b"(%a)(%a*)",
            b"(%w+) (%w+)",
            b"%((%d+)/",
        ] {
            assert!(
                Simple::compile(p).is_some(),
                "{:?}",
                String::from_utf8_lossy(p)
            );
        }
        for p in [
            &b"(%a)("[..],
            b"()",
            b"(a))",
            b"%b()",
            b"%f[%a]",
            b"%1",
            b"[a",
            b"a%",
            b"abcdefghijklm",
            b"[%",
        ] {
            assert!(
                Simple::compile(p).is_none(),
                "{:?}",
                String::from_utf8_lossy(p)
            );
        }
    }
}
