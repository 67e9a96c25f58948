//! `--memory-limit=SIZE`: the heap limit of the command line. A script allocating beyond it
//! ends with "not enough memory" (exit 1, no panic, no signal) in every tier; the error is
//! catchable by `pcall`, after which the garbage is collected and the script goes on; bad
//! sizes are rejected like any unknown option.

mod cli_support;
use cli_support::*;

const TIERS: [&[&str]; 3] = [&["-joff"], &["--tier=baseline", "--jit-threshold=0"], &[]];

/// Builds about 40 MB of live tables (each `{i}` costs more than 100 bytes).
const HOG: &str = "local t = {} for i = 1, 400000 do t[i] = {i} end print('built', #t)\n";

fn run_script(flags: &[&str], limit: Option<&str>, script: &str) -> Out {
    let s = Scratch::new("memlimit");
    s.file("s.lua", script);
    let mut args: Vec<&str> = flags.to_vec();
    let opt;
    if let Some(l) = limit {
        opt = format!("--memory-limit={l}");
        args.push(&opt);
    }
    args.push("s.lua");
    run_in(s.path(), &args, "")
}

fn assert_clean(o: &Out, what: &str) {
    assert!(
        o.code.is_some(),
        "{what}: killed by a signal; stderr: {}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("panicked"),
        "{what}: panic: {}",
        o.stderr
    );
}

#[test]
fn exceeding_the_limit_is_a_lua_error() {
    for flags in TIERS {
        // Without a limit the script runs.
        let o = run_script(flags, None, HOG);
        assert_clean(&o, "no limit");
        assert_eq!(
            (o.code, o.stdout.as_str()),
            (Some(0), "built\t400000\n"),
            "{flags:?}: {}",
            o.stderr
        );
        for limit in ["8M", "8m", "8192K", "8388608"] {
            let o = run_script(flags, Some(limit), HOG);
            assert_clean(&o, limit);
            assert_eq!(o.code, Some(1), "{flags:?} {limit}");
            assert_eq!(o.stdout, "", "{flags:?} {limit}");
            assert_eq!(o.err1(), "crescent: not enough memory", "{flags:?} {limit}");
        }
    }
}

#[test]
fn strings_beyond_the_limit() {
    for flags in TIERS {
        let o = run_script(
            flags,
            Some("4M"),
            "local s = 'x' while true do s = s .. s end\n",
        );
        assert_clean(&o, "concat");
        assert_eq!(
            (o.code, o.err1()),
            (Some(1), "crescent: not enough memory"),
            "{flags:?}"
        );
        let o = run_script(
            flags,
            Some("4M"),
            "local s = string.rep('x', 8 * 1024 * 1024)\n",
        );
        assert_clean(&o, "rep");
        assert_eq!(
            (o.code, o.err1()),
            (Some(1), "crescent: not enough memory"),
            "{flags:?}"
        );
        // 3 MB strings dropped at once: the garbage is collected before the limit.
        let o = run_script(
            flags,
            Some("8M"),
            "for i = 1, 50 do local s = string.rep('x', 3e6) end print('ok')\n",
        );
        assert_clean(&o, "garbage");
        assert_eq!(
            (o.code, o.stdout.as_str()),
            (Some(0), "ok\n"),
            "{flags:?}: {}",
            o.stderr
        );
    }
}

#[test]
fn pcall_catches_it_and_the_script_goes_on() {
    let script = "for round = 1, 3 do\n  \
                    print(pcall(function() local t = {} for i = 1, 1e8 do t[i] = {i} end end))\n\
                  end\n\
                  local keep = {}\n\
                  for i = 1, 20000 do keep[i] = {i} end\n\
                  print(#keep, collectgarbage('count') < 8 * 1024)\n";
    for flags in TIERS {
        let o = run_script(flags, Some("8M"), script);
        assert_clean(&o, "pcall");
        assert_eq!(
            (o.code, o.stdout.as_str()),
            (Some(0), "false\tnot enough memory\nfalse\tnot enough memory\nfalse\tnot enough memory\n20000\ttrue\n"),
            "{flags:?}: {}",
            o.stderr
        );
    }
}

#[test]
fn bad_sizes_are_rejected() {
    for bad in [
        "--memory-limit=",
        "--memory-limit=0",
        "--memory-limit=12x",
        "--memory-limit=-5",
        "--memory-limit=M",
    ] {
        let o = run(&[bad, "-e", "print(1)"]);
        assert_eq!(o.code, Some(1), "{bad}");
        assert_eq!(o.stdout, "", "{bad}");
        assert_eq!(o.err1(), format!("crescent: unrecognized option '{bad}'"));
    }
    let o = run(&["--help"]);
    assert!(o.stdout.contains("--memory-limit=SIZE"), "{}", o.stdout);
}
