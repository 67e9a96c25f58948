//! The `crescent` command line against lua5.4's (`lua.c`): options and their order, `arg`,
//! `LUA_INIT`, `-E`, `-W`, stdin, error reports and exit statuses. Expected texts come from
//! running lua5.4 by hand (see `cli_support`).

mod cli_support;
use cli_support::*;

const TB_CMDLINE_ERROR: &str = "stack traceback:\n\t[C]: in function 'error'\n\t(command line):1: in main chunk\n\t[C]: in ?\n";

fn module_dir() -> Scratch {
    let s = Scratch::new("opts");
    s.file("m.lua", "print(\"mod loaded\", ...) return {v=1}\n")
        .file("init.lua", "print(\"init ran\")\n")
        .file(
            "a.lua",
            "for i=-3,#arg do print(i, arg[i]) end print(...)\n",
        )
        .file(
            "sb.lua",
            "#!/usr/bin/lua\nprint(\"shebang ok\")\nerror(\"l3\")\n",
        );
    s
}

#[test]
fn version() {
    let o = run(&["-v"]);
    assert_eq!(o.stdout, format!("{}\n", version_line()));
    assert_eq!(o.code, Some(0));
    // -v with a script: the version first, then the script.
    let s = module_dir();
    let o = run_in(s.path(), &["-v", "a.lua"], "");
    assert_eq!(
        o.stdout,
        format!(
            "{}\n-3\tnil\n-2\tcrescent\n-1\t-v\n0\ta.lua\n\n",
            version_line()
        )
    );
}

#[test]
fn bad_options_print_usage() {
    for (args, first) in [
        (&["-x"][..], "crescent: unrecognized option '-x'"),
        (&["-e"][..], "crescent: '-e' needs argument"),
        (&["-l"][..], "crescent: '-l' needs argument"),
        (&["-e", "-v"][..], "crescent: '-e' needs argument"),
        (&["-l", "-"][..], "crescent: '-l' needs argument"),
        (&["--x"][..], "crescent: unrecognized option '--x'"),
        (&["-vx"][..], "crescent: unrecognized option '-vx'"),
        (&["-Ex"][..], "crescent: unrecognized option '-Ex'"),
        (&["-Wall"][..], "crescent: unrecognized option '-Wall'"),
        (&["-ix"][..], "crescent: unrecognized option '-ix'"),
        (&["-jnope"][..], "crescent: unrecognized option '-jnope'"),
        (
            &["--jit-threshold=x"][..],
            "crescent: unrecognized option '--jit-threshold=x'",
        ),
    ] {
        let o = run(args);
        assert_eq!(o.code, Some(1), "{args:?}");
        assert_eq!(o.stdout, "", "{args:?}");
        let expected = format!("{first}\n{}", lua_usage("crescent"));
        assert!(o.stderr.starts_with(&expected), "{args:?}: {}", o.stderr);
    }
}

#[test]
fn help_lists_lua_and_crescent_options() {
    let o = run(&["--help"]);
    assert_eq!(o.code, Some(0));
    assert!(o.stdout.starts_with(&lua_usage("crescent")), "{}", o.stdout);
    for opt in [
        "--help",
        "--dump=bytecode",
        "-joff",
        "-jon",
        "-jv",
        "-jdump",
        "--tier=",
        "--jit-threshold=N",
        "--jit-cache-size=N",
        "--jit-stats",
        "--jit-perf-map",
    ] {
        assert!(o.stdout.contains(opt), "--help lacks {opt}");
    }
}

#[test]
fn jit_options_are_accepted() {
    for args in [
        &["-joff"][..],
        &["-jon"],
        &["--tier=baseline"],
        &["--tier=interp"],
        &["--jit-threshold=0"],
        &["--jit-cache-size=1m"],
        &["-jon", "--jit-threshold=0", "--jit-cache-size=64k"],
    ] {
        let mut a = args.to_vec();
        a.extend([
            "-e",
            "local s = 0 for i = 1, 1000 do s = s + i end print(s)",
        ]);
        let o = run(&a);
        assert_eq!(
            (o.code, o.stdout.as_str(), o.stderr.as_str()),
            (Some(0), "500500\n", ""),
            "{args:?}"
        );
    }
}

#[test]
fn arg_table() {
    let s = module_dir();
    let o = run_in(s.path(), &["a.lua", "x", "y"], "");
    assert_eq!(
        o.stdout,
        "-3\tnil\n-2\tnil\n-1\tcrescent\n0\ta.lua\n1\tx\n2\ty\nx\ty\n"
    );
    let o = run_in(s.path(), &["-e", "y=1", "--", "a.lua", "x"], "");
    assert_eq!(o.stdout, "-3\t-e\n-2\ty=1\n-1\t--\n0\ta.lua\n1\tx\nx\n");
    // No script: the program name at 0 and every option after it.
    let o = run(&["-e", "print(arg[0], arg[-1], #arg)"]);
    assert_eq!(o.stdout, "crescent\tnil\t2\n");
    // The script's arguments are read from `arg` when it is called.
    let o = run_in(s.path(), &["-e", "arg=nil", "a.lua"], "");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (Some(1), "crescent: 'arg' is not a table\n")
    );
}

#[test]
fn stdin_script() {
    let s = module_dir();
    let o = run_in(
        s.path(),
        &["-", "p", "q"],
        "print(\"stdin\", ...) print(#arg, arg[0])",
    );
    assert_eq!(o.stdout, "stdin\tp\tq\n2\t-\n");
    // Not a terminal and nothing to do: stdin runs as a file.
    let o = run_in(s.path(), &[], "print(1)");
    assert_eq!((o.code, o.stdout.as_str()), (Some(0), "1\n"));
    let o = run_in(s.path(), &["-W"], "print(1)");
    assert_eq!(o.stdout, "1\n");
    let o = run_in(s.path(), &["--"], "print(arg[0], arg[-1])");
    assert_eq!(o.stdout, "crescent\tnil\n");
    // ... but not when -e or -v did something.
    let o = run_in(s.path(), &["-e", "print(2)"], "print(1)");
    assert_eq!(o.stdout, "2\n");
    // `-- -` names a file called "-".
    let o = run_in(s.path(), &["--", "-"], "print(1)");
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            Some(1),
            "crescent: cannot open -: No such file or directory\n"
        )
    );
    // An error in the stdin chunk: exit 1 with `-`, but 0 without (as lua.c).
    let err = "crescent: stdin:1: x\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in main chunk\n\t[C]: in ?\n";
    let o = run_in(s.path(), &["-"], "error(\"x\")\n");
    assert_eq!((o.code, o.stderr.as_str()), (Some(1), err));
    let o = run_in(s.path(), &[], "error(\"x\")\n");
    assert_eq!((o.code, o.stderr.as_str()), (Some(0), err));
    let o = run_in(s.path(), &[], "x\n");
    assert_eq!(o.stderr, "crescent: stdin:2: syntax error near <eof>\n");
}

#[test]
fn exec_and_library_options_run_in_order() {
    let s = module_dir();
    let o = run_in(s.path(), &["-lm", "-e", "print(m.v)"], "");
    assert_eq!(o.stdout, "mod loaded\tm\t./m.lua\n1\n");
    let o = run_in(s.path(), &["-l", "x=m", "-e", "print(x.v, m)"], "");
    assert_eq!(o.stdout, "mod loaded\tm\t./m.lua\n1\tnil\n");
    let o = run_in(
        s.path(),
        &["-e", "x=1", "-l", "m", "-e", "print(x, m.v)"],
        "",
    );
    assert_eq!(o.stdout, "mod loaded\tm\t./m.lua\n1\t1\n");
    // -e runs after LUA_INIT; an error stops everything after it.
    let o = run_in(
        s.path(),
        &["-e", "print(1)", "-e", "error('x', 0)", "-e", "print(3)"],
        "",
    );
    assert_eq!(o.stdout, "1\n");
    assert_eq!(o.stderr, format!("crescent: x\n{TB_CMDLINE_ERROR}"));
    assert_eq!(o.code, Some(1));
}

#[test]
fn missing_module_in_dash_l() {
    let o = run(&["-l", "m=nonexist"]);
    assert_eq!(o.code, Some(1));
    let expected = "crescent: module 'nonexist' not found:
\tno field package.preload['nonexist']
\tno file '/usr/local/share/lua/5.4/nonexist.lua'
\tno file '/usr/local/share/lua/5.4/nonexist/init.lua'
\tno file '/usr/local/lib/lua/5.4/nonexist.lua'
\tno file '/usr/local/lib/lua/5.4/nonexist/init.lua'
\tno file '/usr/share/lua/5.4/nonexist.lua'
\tno file '/usr/share/lua/5.4/nonexist/init.lua'
\tno file './nonexist.lua'
\tno file './nonexist/init.lua'
\tno file '/usr/local/lib/lua/5.4/nonexist.so'
";
    assert!(o.stderr.starts_with(expected), "{}", o.stderr);
    assert!(o.stderr.ends_with("\tno file '/usr/local/lib/lua/5.4/loadall.so'\n\tno file './nonexist.so'\nstack traceback:\n\t[C]: in function 'require'\n\t[C]: in ?\n"), "{}", o.stderr);
}

#[test]
fn error_reports() {
    let o = run(&["-e", "error(\"x\")"]);
    assert_eq!(
        (o.code, o.stderr.clone()),
        (
            Some(1),
            format!("crescent: (command line):1: x\n{TB_CMDLINE_ERROR}")
        )
    );
    let o = run(&["-e", "error(nil)"]);
    assert_eq!(
        o.stderr,
        format!("crescent: (error object is a nil value)\n{TB_CMDLINE_ERROR}")
    );
    let o = run(&["-e", "error({})"]);
    assert_eq!(
        o.stderr,
        format!("crescent: (error object is a table value)\n{TB_CMDLINE_ERROR}")
    );
    let o = run(&["-e", "error(12)"]);
    assert_eq!(o.stderr, format!("crescent: 12\n{TB_CMDLINE_ERROR}"));
    // __tostring gives the message, without a traceback.
    let o = run(&[
        "-e",
        "error(setmetatable({}, {__tostring=function() return \"custom\" end}))",
    ]);
    assert_eq!((o.code, o.stderr.as_str()), (Some(1), "crescent: custom\n"));
    // Syntax errors: no traceback.
    let o = run(&["-e", "x="]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            Some(1),
            "crescent: (command line):1: unexpected symbol near <eof>\n"
        )
    );
    let o = run(&["nofile.lua"]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            Some(1),
            "crescent: cannot open nofile.lua: No such file or directory\n"
        )
    );
}

#[test]
fn shebang_script_and_traceback() {
    let s = module_dir();
    let o = run_in(s.path(), &["sb.lua"], "");
    assert_eq!(o.stdout, "shebang ok\n");
    assert_eq!(o.stderr, "crescent: sb.lua:3: l3\nstack traceback:\n\t[C]: in function 'error'\n\tsb.lua:3: in main chunk\n\t[C]: in ?\n");
    assert_eq!(o.code, Some(1));
    // Run directly through the shebang line.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = s.path().join("direct.lua");
        std::fs::write(&p, format!("#!{BIN}\nprint('direct', ...)\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = std::process::Command::new(&p);
        c.arg("a1").current_dir(s.path());
        let o = run_cmd(c, "");
        assert_eq!((o.code, o.stdout.as_str()), (Some(0), "direct\ta1\n"));
    }
}

#[test]
fn exit_codes_pass_through() {
    for (code, status) in [
        ("os.exit(3)", 3),
        ("os.exit(false)", 1),
        ("os.exit(true)", 0),
        ("os.exit()", 0),
        ("os.exit(7, true)", 7),
    ] {
        let o = run(&["-e", code]);
        assert_eq!(o.code, Some(status), "{code}");
    }
}

#[test]
fn lua_init() {
    let s = module_dir();
    let with = |vars: &[(&str, &str)], args: &[&str]| {
        let mut c = cmd(s.path(), args);
        for (k, v) in vars {
            c.env(k, v);
        }
        run_cmd(c, "")
    };
    let o = with(&[("LUA_INIT", "print('I')")], &["-e", "print(2)"]);
    assert_eq!(o.stdout, "I\n2\n");
    let o = with(&[("LUA_INIT", "@init.lua")], &["-e", ""]);
    assert_eq!(o.stdout, "init ran\n");
    let o = with(
        &[("LUA_INIT_5_4", "print('I54')"), ("LUA_INIT", "print('I')")],
        &["-e", ""],
    );
    assert_eq!(o.stdout, "I54\n");
    let o = with(&[("LUA_INIT", "error('ie')")], &["-e", "print(2)"]);
    assert_eq!((o.code, o.stdout.as_str()), (Some(1), ""));
    assert_eq!(o.stderr, "crescent: LUA_INIT:1: ie\nstack traceback:\n\t[C]: in function 'error'\n\tLUA_INIT:1: in main chunk\n\t[C]: in ?\n");
    let o = with(&[("LUA_INIT_5_4", "error('ie')")], &["-e", "print(2)"]);
    assert_eq!(o.err1(), "crescent: LUA_INIT_5_4:1: ie");
    let o = with(&[("LUA_INIT", "@nofile")], &["-e", ""]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (
            Some(1),
            "crescent: cannot open nofile: No such file or directory\n"
        )
    );
    // -E ignores it (and LUA_PATH).
    let o = with(
        &[("LUA_INIT", "print('I')"), ("LUA_PATH", "x")],
        &["-E", "-e", "print(2, package.path == 'x')"],
    );
    assert_eq!(o.stdout, "2\tfalse\n");
}

#[test]
fn warnings_option() {
    if run(&["-e", "print(warn)"]).stdout == "nil\n" {
        eprintln!("skipped: this build has no `warn` yet");
        return;
    }
    let o = run(&["-W", "-e", "warn('hi')"]);
    assert_eq!((o.code, o.stderr.as_str()), (Some(0), "Lua warning: hi\n"));
    let o = run(&["-e", "warn('hi')"]);
    assert_eq!((o.code, o.stderr.as_str()), (Some(0), ""));
    // In order: the warning before -W is not shown.
    let o = run(&["-e", "warn('a')", "-W", "-e", "warn('b')"]);
    assert_eq!(o.stderr, "Lua warning: b\n");
}

#[test]
fn dump_bytecode() {
    let s = module_dir();
    let o = run_in(s.path(), &["--dump=bytecode", "m.lua"], "");
    assert_eq!(o.code, Some(0));
    assert!(o.stdout.contains("main <m.lua:0,0>"), "{}", o.stdout);
}

#[test]
fn ctrl_c_interrupts_running_code() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    for code in [
        "print('ready') while true do end",
        "print('ready') local function f() return f() end f()",
        "print('ready') for i = 1, math.maxinteger do end",
        "print('ready') for i = 1, math.huge do end",
        "print('ready') for k in next, {1} do end local t = setmetatable({}, {__index = function(t, k) return k end}) repeat local x = t[1] until false",
    ] {
        let s = Scratch::new("sigint");
        let mut c = cmd(s.path(), &["-joff", "-e", code]);
        c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert_eq!(line, "ready\n");
        // SAFETY: sending a signal to our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let st = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(st.code(), Some(1), "{code}: {err}");
        assert!(err.starts_with("crescent: (command line):1: interrupted!\nstack traceback:\n"), "{code}: {err}");
    }
}

#[test]
fn closed_stdout_pipe_ends_the_process_like_lua() {
    // `crescent script | head -1`: once the reader is gone, lua5.4 dies of SIGPIPE (the
    // default action); crescent must too, instead of running on with failing writes.
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let s = Scratch::new("sigpipe");
    let mut c = cmd(s.path(), &["-e", "for i = 1, 1e7 do print(i) end"]);
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 16];
    std::io::Read::read_exact(&mut out, &mut buf).unwrap();
    assert_eq!(&buf[..4], b"1\n2\n");
    drop(out);
    let st = child.wait().unwrap();
    assert_eq!(st.signal(), Some(libc::SIGPIPE), "{st:?}");
}

#[test]
fn error_messages_keep_their_bytes() {
    // lua.c prints messages as bytes: a raw 0xff stays 0xff on stderr (not U+FFFD).
    let raw_stderr = |dir: &std::path::Path, args: &[&str]| {
        let o = cmd(dir, args).output().expect("spawn crescent");
        (o.status.code(), o.stderr)
    };
    let s = Scratch::new("bytes");
    let (code, err) = raw_stderr(s.path(), &["-e", "error('\\xff\\xfe!')"]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(b"crescent: (command line):1: \xff\xfe!\n"),
        "{err:?}"
    );
    std::fs::write(s.path().join("bad.lua"), b"x = 1 \"\xe9\"\n").unwrap();
    let (code, err) = raw_stderr(s.path(), &["bad.lua"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        b"crescent: bad.lua:1: unexpected symbol near '\"\xe9\"'\n".to_vec()
    );
    let (code, err) = raw_stderr(s.path(), &["--dump=bytecode", "bad.lua"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        b"crescent: bad.lua:1: unexpected symbol near '\"\xe9\"'\n".to_vec()
    );
}
