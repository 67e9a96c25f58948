//! Tests of the pattern matcher; expected values come from `lua5.4` (see
//! `tools/gen_pattern_cases.lua`).

use super::*;

#[path = "pattern_cases.rs"]
mod cases;

/// Serializes like the generator: strings quoted with `\xHH` escapes, numbers plain.
fn esc(s: &[u8]) -> String {
    let mut out = String::new();
    for &b in s {
        if !(32..=126).contains(&b) || b == b'"' || b == b'\\' {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

fn ser_cap(subject: &[u8], c: Capture) -> String {
    match c {
        Capture::Span(s, e) => format!("\"{}\"", esc(&subject[s..e])),
        Capture::Position(p) => p.to_string(),
    }
}

fn ser_caps(subject: &[u8], caps: &[Capture]) -> Vec<String> {
    caps.iter().map(|&c| ser_cap(subject, c)).collect()
}

fn opt_arg(arg: i64) -> Option<i64> {
    (arg != -999).then_some(arg)
}

fn run_case(op: &str, s: &[u8], p: &[u8], repl: &[u8], arg: i64) -> Result<String, PatternError> {
    let init = opt_arg(arg).unwrap_or(1);
    Ok(match op {
        "find" | "findp" => match find(s, p, init, op == "findp")? {
            None => "nil".into(),
            Some(m) => {
                let mut v = vec![(m.start + 1).to_string(), m.end.to_string()];
                v.extend(ser_caps(s, &m.captures()?));
                v.join(" ")
            }
        },
        "match" => match str_match(s, p, init)? {
            None => "nil".into(),
            Some(m) => ser_caps(s, &m.values()?).join(" "),
        },
        "gmatch" => {
            let mut st = GmatchState::new(s.len(), init);
            let mut out = Vec::new();
            while let Some(m) = st.next(s, p)? {
                let vals = m.values()?;
                out.push(ser_caps(s, &vals[..vals.len().min(4)]).join(" "));
                if out.len() > 50 {
                    break;
                }
            }
            out.join("; ")
        }
        "gsub" => {
            let r = gsub_str(s, p, repl, opt_arg(arg))?;
            format!("\"{}\" {}", esc(&r.output), r.count)
        }
        "gsubf" => {
            let r = gsub(s, p, opt_arg(arg), |m, out| {
                let vals = m.values()?;
                let strs: Vec<Vec<u8>> = vals
                    .iter()
                    .map(|&c| match c {
                        Capture::Span(a, b) => s[a..b].to_vec(),
                        Capture::Position(p) => p.to_string().into_bytes(),
                    })
                    .collect();
                if strs[0] == b"x" {
                    out.extend_from_slice(&s[m.start..m.end]);
                    return Ok::<bool, PatternError>(false);
                }
                out.push(b'<');
                out.extend_from_slice(&strs.join(&b','));
                out.push(b'>');
                Ok(true)
            })?;
            format!("\"{}\" {}", esc(&r.output), r.count)
        }
        _ => unreachable!("unknown op {op}"),
    })
}

#[test]
fn cases_from_lua() {
    let mut failures = Vec::new();
    for &(op, s, p, repl, arg, expected) in cases::CASES {
        let got = match run_case(op, s, p, repl, arg) {
            Ok(v) => v,
            Err(e) => format!("error: {e}"),
        };
        if got != expected {
            failures.push(format!(
                "{op}({:?}, {:?}, {:?}, {arg}): got {got:?}, want {expected:?}",
                esc(s),
                esc(p),
                esc(repl)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases::CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn find_returns_spans() {
    let m = find(b"hello world", b"o w", 1, false).unwrap().unwrap();
    assert_eq!((m.start, m.end), (4, 7));
    assert_eq!(m.capture_count(), 0);
    assert!(m.captures().unwrap().is_empty());
    assert_eq!(m.values().unwrap(), vec![Capture::Span(4, 7)]);
}

#[test]
fn position_captures_are_one_based() {
    let m = str_match(b"abc", b"()b()", 1).unwrap().unwrap();
    assert_eq!(
        m.values().unwrap(),
        vec![Capture::Position(2), Capture::Position(3)]
    );
    assert_eq!(Capture::Position(2).bytes(b"abc"), None);
    assert_eq!(Capture::Span(0, 2).bytes(b"abc"), Some(&b"ab"[..]));
}

#[test]
fn unfinished_capture_fails_only_when_read() {
    let m = str_match(b"abc", b"(a", 1).unwrap().unwrap();
    assert_eq!(m.get(0), Err(PatternError::UnfinishedCapture));
    // gsub with a plain replacement never reads it.
    let r = gsub_str(b"abc", b"(a", b"x", None).unwrap();
    assert_eq!(r.output, b"xbc");
}

#[test]
fn get_index_errors() {
    let m = str_match(b"abc", b"b", 1).unwrap().unwrap();
    assert_eq!(m.get(0), Ok(Capture::Span(1, 2)));
    assert_eq!(m.get(1), Err(PatternError::InvalidCaptureIndex(2)));
    assert_eq!(m.get(10_000), Err(PatternError::InvalidCaptureIndex(255)));
}

#[test]
fn posrelat() {
    assert_eq!(posrelat_start(1, 5), 1);
    assert_eq!(posrelat_start(0, 5), 1);
    assert_eq!(posrelat_start(-1, 5), 5);
    assert_eq!(posrelat_start(-5, 5), 1);
    assert_eq!(posrelat_start(-6, 5), 1);
    assert_eq!(posrelat_start(i64::MIN, 5), 1);
    assert_eq!(posrelat_start(i64::MAX, 5), i64::MAX as usize);
    assert_eq!(posrelat_start(7, 5), 7);
}

#[test]
fn plain_search() {
    assert_eq!(find_plain(b"abcabc", b"ca"), Some(2));
    assert_eq!(find_plain(b"abcabc", b""), Some(0));
    assert_eq!(find_plain(b"", b""), Some(0));
    assert_eq!(find_plain(b"", b"a"), None);
    assert_eq!(find_plain(b"aab", b"ab"), Some(1));
    assert_eq!(find_plain(b"ab", b"abc"), None);
    assert_eq!(find_plain(b"xxxxy", b"xy"), Some(3));
    assert!(has_no_specials(b"abc)"));
    assert!(!has_no_specials(b"a.c"));
}

#[test]
fn gsub_state_can_be_driven_by_hand() {
    let (s, p) = (&b"a=1, b=2"[..], &b"(%w+)=(%w+)"[..]);
    let mut st = GsubState::new(s, p, None);
    let mut out = Vec::new();
    while let Some(m) = st.next_match(s, p, &mut out).unwrap() {
        let v = m.values().unwrap();
        out.extend_from_slice(v[1].bytes(s).unwrap());
        out.push(b'=');
        out.extend_from_slice(v[0].bytes(s).unwrap());
    }
    assert_eq!(st.finish(s, &mut out), 2);
    assert_eq!(out, b"1=a, 2=b");
    // Finished states stay finished.
    assert_eq!(st.next_match(s, p, &mut out).unwrap(), None);
}

#[test]
fn gsub_callback_errors_propagate() {
    #[derive(Debug, PartialEq)]
    enum E {
        Pat(PatternError),
        Mine,
    }
    impl From<PatternError> for E {
        fn from(e: PatternError) -> Self {
            E::Pat(e)
        }
    }
    let r = gsub(b"abc", b"b", None, |_, _| Err::<bool, E>(E::Mine));
    assert_eq!(r, Err(E::Mine));
    let r = gsub(b"abc", b"[", None, |_, _| Ok::<bool, E>(true));
    assert_eq!(r, Err(E::Pat(PatternError::MissingBracket)));
}

#[test]
fn gsub_changed_flag() {
    let r = gsub(b"abc", b"%w", None, |m, out| {
        out.extend_from_slice(&b"abc"[m.start..m.end]);
        Ok::<bool, PatternError>(false)
    })
    .unwrap();
    assert_eq!(
        (r.output.as_slice(), r.count, r.changed),
        (&b"abc"[..], 3, false)
    );
    let r = gsub_str(b"abc", b"x", b"y", None).unwrap();
    assert!(!r.changed);
}

#[test]
fn match_at_ignores_anchor_char() {
    assert!(match_at(b"abc", b"^a", 0).unwrap().is_none());
    assert_eq!(match_at(b"x^a", b"^a", 1).unwrap().map(|m| m.end), Some(3));
    assert_eq!(match_at(b"abc", b"", 3).unwrap().map(|m| m.end), Some(3));
    assert!(match_at(b"abc", b"", 4).unwrap().is_none());
}

#[test]
fn deep_backtracking_is_bounded() {
    // Each `a?` nests one matcher level: 200 levels is the limit.
    let s = vec![b'a'; 1000];
    let p = b"a?".repeat(1000);
    assert_eq!(find(&s, &p, 1, false), Err(PatternError::TooComplex));
    let p = b"a?".repeat(199);
    assert!(str_match(&s, &p, 1).unwrap().is_some());
    // Long subjects with `.-`/`*` do not recurse per character.
    let s = vec![b'x'; 100_000];
    let m = str_match(&s, b"^(.-)$", 1).unwrap().unwrap();
    assert_eq!(m.values().unwrap(), vec![Capture::Span(0, 100_000)]);
    let m = str_match(&s, b"x*y?$", 1).unwrap().unwrap();
    assert_eq!(m.end, 100_000);
}

#[test]
fn errors_display_lua_messages() {
    assert_eq!(
        PatternError::InvalidCaptureIndex(3).to_string(),
        "invalid capture index %3"
    );
    assert_eq!(
        PatternError::InvalidReplacement.to_string(),
        "invalid use of '%' in replacement string"
    );
}

/// Small xorshift generator for the fuzz-style tests (no extra dependencies).
pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a [u8]]) -> &'a [u8] {
        items[self.below(items.len())]
    }
}

#[test]
fn random_patterns_never_panic() {
    let pieces: &[&[u8]] = &[
        b"a", b"b", b".", b"%", b"%a", b"%d", b"%s", b"%W", b"[", b"]", b"[^", b"-", b"^", b"$",
        b"(", b")", b"()", b"*", b"+", b"?", b"%b", b"%bab", b"%f", b"%f[a]", b"%1", b"%2", b"%0",
        b"[a-c]", b"\0", b"%z", b"\xff",
    ];
    let subj: &[&[u8]] = &[b"a", b"b", b"ab", b" ", b"1", b"(", b")", b"\0", b"\xff"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let mut p = Vec::new();
        for _ in 0..rng.below(8) {
            p.extend_from_slice(rng.pick(pieces));
        }
        let mut s = Vec::new();
        for _ in 0..rng.below(12) {
            s.extend_from_slice(rng.pick(subj));
        }
        let init = rng.below(20) as i64 - 10;
        let _ = find(&s, &p, init, false);
        let _ = str_match(&s, &p, init).map(|m| m.map(|m| m.values()));
        let mut g = GmatchState::new(s.len(), init);
        for _ in 0..100 {
            match g.next(&s, &p) {
                Ok(Some(m)) => {
                    let _ = m.values();
                }
                _ => break,
            }
        }
        let _ = gsub_str(&s, &p, b"%0%1%%", Some(5));
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn run_random_case(
    op: &str,
    s: &[u8],
    p: &[u8],
    repl: &[u8],
    arg: Option<i64>,
) -> Result<String, PatternError> {
    let init = arg.unwrap_or(1);
    Ok(match op {
        "find" => match find(s, p, init, false)? {
            None => "nil".into(),
            Some(m) => {
                let mut v = vec![(m.start + 1).to_string(), m.end.to_string()];
                v.extend(ser_caps(s, &m.captures()?));
                v.join(" ")
            }
        },
        "match" => match str_match(s, p, init)? {
            None => "nil".into(),
            Some(m) => ser_caps(s, &m.values()?).join(" "),
        },
        "gmatch" => {
            let mut st = GmatchState::new(s.len(), init);
            let mut out = Vec::new();
            while let Some(m) = st.next(s, p)? {
                let mut v = ser_caps(s, &m.values()?);
                v.resize(3, "nil".into());
                v.truncate(3);
                out.push(v.join(" "));
                if out.len() > 30 {
                    break;
                }
            }
            out.join("; ")
        }
        "gsub" => {
            let r = gsub_str(s, p, repl, arg)?;
            format!("\"{}\" {}", esc(&r.output), r.count)
        }
        _ => unreachable!(),
    })
}

#[test]
fn random_cases_agree_with_lua() {
    let data = include_str!("../tests/data/pattern_random.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (op, s, p, repl) = (f[0], unhex(f[1]), unhex(f[2]), unhex(f[3]));
        let arg = (f[4] != "-").then(|| f[4].parse::<i64>().unwrap());
        let got = match run_random_case(op, &s, &p, &repl, arg) {
            Ok(v) => v,
            Err(e) => format!("error: {e}"),
        };
        n += 1;
        if got != f[5] {
            failures.push(format!(
                "{op}({:?}, {:?}, {:?}, {arg:?}): got {got:?}, want {:?}",
                esc(&s),
                esc(&p),
                esc(&repl),
                f[5]
            ));
        }
    }
    assert!(n >= 4000);
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn worst_case_depth_fits_a_small_stack() {
    // Coroutines may run on small native stacks: the deepest pattern 5.4 allows must fit.
    let run = || {
        let s = vec![b'a'; 400];
        let p = b"a?".repeat(199);
        assert!(str_match(&s, &p, 1).unwrap().is_some());
        let p = [b"(".repeat(30), b"a?".repeat(130), b")".repeat(30)].concat();
        assert!(str_match(&s, &p, 1).unwrap().is_some());
        let p = b"(a-)".repeat(32);
        assert!(find(&s, &p, 1, false).unwrap().is_some());
    };
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
/// The worst case needs less than 64 KiB of stack (measured: 32 KiB is not enough).
const STACK: usize = 64 * 1024;

#[test]
fn gmatch_state_round_trips_through_raw_parts() {
    let (s, p) = (&b"a1 b2 c3"[..], &b"%a%d"[..]);
    let mut st = GmatchState::new(s.len(), 1);
    let mut seen = Vec::new();
    loop {
        let (src, last) = st.to_raw();
        st = GmatchState::from_raw(src, last);
        match st.next(s, p).unwrap() {
            Some(m) => seen.push(m.start),
            None => break,
        }
    }
    assert_eq!(seen, vec![0, 3, 6]);
}

thread_local! {
    /// Turns off the start-position shortcut of scanning loops (the reference behaviour).
    pub(super) static NO_LEAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Everything find/match/gmatch/gsub give for one case, errors included.
fn all_ops(s: &[u8], p: &[u8], init: i64) -> String {
    let mut out = format!(
        "{:?}|",
        find(s, p, init, false).map(|m| m.map(|m| (m.start, m.end, m.captures())))
    );
    out += &format!(
        "{:?}|",
        str_match(s, p, init).map(|m| m.map(|m| m.values()))
    );
    let mut g = GmatchState::new(s.len(), init);
    for _ in 0..50 {
        match g.next(s, p) {
            Ok(Some(m)) => out += &format!("{:?};", m.values()),
            r => {
                out += &format!("{r:?}");
                break;
            }
        }
    }
    out += &format!("|{:?}", gsub_str(s, p, b"<%0%1%%>", Some(7)));
    out += &format!("|{:?}", gsub_str(s, p, b"-", None));
    out
}

#[test]
fn start_position_shortcut_changes_nothing() {
    let pieces: &[&[u8]] = &[
        b"a",
        b"b",
        b".",
        b"%",
        b"%a",
        b"%d",
        b"%s",
        b"%W",
        b"%A",
        b"%.",
        b"[",
        b"]",
        b"[^",
        b"[ab]",
        b"[^a]",
        b"[%d]",
        b"[%a_]",
        b"[^%s]",
        b"[]]",
        b"[a-]",
        b"[%]]",
        b"[c-a]",
        b"[^%W1]",
        b"[%c\"\\]",
        b"-",
        b"^",
        b"$",
        b"(",
        b")",
        b"()",
        b"*",
        b"+",
        b"?",
        b"%b",
        b"%bab",
        b"%f",
        b"%f[a]",
        b"%1",
        b"%2",
        b"%0",
        b"[a-c]",
        b"\0",
        b"%z",
        b"\xff",
    ];
    let subj: &[&[u8]] = &[
        b"a", b"b", b"ab", b" ", b"1", b"(", b")", b"\0", b"\xff", b"-",
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut leads = 0;
    for i in 0..30_000 {
        let mut p = Vec::new();
        for _ in 0..rng.below(6) {
            p.extend_from_slice(rng.pick(pieces));
        }
        if i % 50 == 0 {
            // Many opening captures (the too-many-captures error must still be raised).
            p = [b"(".repeat(33), p].concat();
        }
        let mut s = Vec::new();
        for _ in 0..rng.below(16) {
            s.extend_from_slice(rng.pick(subj));
        }
        let init = rng.below(24) as i64 - 8;
        let fast = all_ops(&s, &p, init);
        NO_LEAD.with(|c| c.set(true));
        let slow = all_ops(&s, &p, init);
        NO_LEAD.with(|c| c.set(false));
        assert_eq!(
            fast,
            slow,
            "subject {:?} pattern {:?} init {init}",
            esc(&s),
            esc(&p)
        );
        leads += usize::from(!matches!(p.first(), None | Some(b'.')));
    }
    assert!(leads > 1000);
}

/// `run_length` (a class turned into a byte set) counts exactly the bytes `single_match`
/// accepts one at a time, for literals, `.`, classes, complemented classes and sets.
#[test]
fn run_length_agrees_with_single_match() {
    let items: &[&[u8]] = &[
        b"a",
        b".",
        b"%a",
        b"%A",
        b"%d",
        b"%w",
        b"%s",
        b"%p",
        b"%x",
        b"%%",
        b"%z",
        b"[ \t\r\n]",
        b"[^ab]",
        b"[a-f%d]",
        b"[%a_]",
        b"[]]",
        b"[^]]",
        b"[a-]",
        b"[%]x]",
        b"[\x00-\x7f]",
    ];
    let mut subj: Vec<u8> = Vec::new();
    let mut x = 12345u32;
    for _ in 0..600 {
        x = x.wrapping_mul(1103515245).wrapping_add(12345);
        // Mostly runs of a few bytes drawn from a small alphabet, with some of every byte.
        let c = match (x >> 16) % 10 {
            0 => (x >> 8) as u8,
            1..=3 => b"ab ]-"[((x >> 20) % 5) as usize],
            _ => b"aaaa1f_\t "[((x >> 20) % 9) as usize],
        };
        subj.push(c);
    }
    for item in items {
        let ms = MatchState::new(&subj, item);
        for s in 0..=subj.len() {
            let mut want = 0;
            while ms.single_match(s + want, 0, item.len()) {
                want += 1;
            }
            assert_eq!(
                ms.run_length(s, 0, item.len()),
                want,
                "item {:?} at {s}",
                esc(item)
            );
        }
    }
}

/// The per-thread lead cache is keyed by the whole pattern: patterns of one length that
/// differ in a byte, and patterns that differ only by trailing NULs, get their own leads.
#[test]
fn lead_cache_tells_patterns_apart() {
    let pos = |s: &[u8], p: &[u8]| find(s, p, 1, false).unwrap().map(|m| m.start);
    for _ in 0..2 {
        assert_eq!(pos(b"xxcdab", b"[ab]"), Some(4));
        assert_eq!(pos(b"xxcdab", b"[cd]"), Some(2));
        assert_eq!(pos(b"xa\0a", b"a\0"), Some(1));
        assert_eq!(pos(b"xa\0a", b"a"), Some(1));
        assert_eq!(pos(b"xa\0a", b"%z"), Some(2));
        assert_eq!(pos(b"b\0a", b"\0"), Some(1));
        assert_eq!(pos(b"ba", b""), Some(0));
        assert_eq!(
            pos(
                b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
                b"aaaaaaaaaaaaaaaaaaaaaaaaab"
            ),
            Some(6)
        );
        assert_eq!(
            pos(
                b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
                b"aaaaaaaaaaaaaaaaaaaaaaaaac"
            ),
            None
        );
    }
}
