//! `require` and the `package` library as a user meets them from the command line:
//! `LUA_PATH`/`LUA_CPATH` (versioned names first, ";;" = the default path, ignored under
//! `-E`), modules found along the path, and C modules, which crescent cannot load: it answers
//! as a Lua built without dynamic-library support. Expected texts from lua5.4 by hand, except
//! the no-dlopen answers (lua5.4 on this system has dlopen; the wording is `loadlib.c`'s).

mod cli_support;
use cli_support::*;

const DEFAULT_PATH: &str = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;/usr/share/lua/5.4/?.lua;\
/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua";

const DLMSG: &str = "dynamic libraries not enabled; check your Lua installation";

fn with_env(dir: &Scratch, vars: &[(&str, &str)], args: &[&str]) -> Out {
    let mut c = cmd(dir.path(), args);
    for (k, v) in vars {
        c.env(k, v);
    }
    run_cmd(c, "")
}

#[test]
fn path_from_environment() {
    let s = Scratch::new("pkg");
    let o = with_env(
        &s,
        &[("LUA_PATH", "x/?.lua;;y/?.lua")],
        &["-e", "print(package.path)"],
    );
    assert_eq!(o.stdout, format!("x/?.lua;{DEFAULT_PATH};y/?.lua\n"));
    let o = with_env(
        &s,
        &[("LUA_PATH_5_4", ";;"), ("LUA_PATH", "nope")],
        &["-e", "print(package.path)"],
    );
    assert_eq!(o.stdout, format!("{DEFAULT_PATH}\n"));
    let o = with_env(
        &s,
        &[("LUA_CPATH", "c/?.so")],
        &["-e", "print(package.cpath)"],
    );
    assert_eq!(o.stdout, "c/?.so\n");
    let o = with_env(
        &s,
        &[("LUA_PATH", "?.lua"), ("LUA_CPATH_5_4", "?.so")],
        &["-E", "-e", "print(package.path) print(package.cpath)"],
    );
    let cpath = o.stdout.lines().nth(1).unwrap_or("");
    assert_eq!(o.stdout.lines().next(), Some(DEFAULT_PATH));
    assert!(
        cpath.starts_with("/usr/local/lib/lua/5.4/?.so;") && cpath.ends_with(";./?.so"),
        "{cpath}"
    );
}

#[test]
fn modules_along_lua_path() {
    let s = Scratch::new("pkg");
    s.file(
        "lib/util.lua",
        "local name, file = ... return {name = name, file = file}\n",
    )
    .file("lib/pkg/init.lua", "return 'init of ' .. ...\n")
    .file(
        "main.lua",
        "local u, f = require('util') print(u.name, u.file, f) print(require('pkg'))\n",
    );
    let o = with_env(
        &s,
        &[("LUA_PATH", "./lib/?.lua;./lib/?/init.lua")],
        &["main.lua"],
    );
    assert_eq!(
        o.stdout,
        "util\t./lib/util.lua\t./lib/util.lua\ninit of pkg\t./lib/pkg/init.lua\n"
    );
    assert_eq!(o.code, Some(0));
    // -l uses the same search.
    let o = with_env(
        &s,
        &[("LUA_PATH", "./lib/?.lua")],
        &["-l", "u=util", "-e", "print(u.name)"],
    );
    assert_eq!(o.stdout, "util\n");
}

#[test]
fn uncaught_not_found_from_a_script() {
    let s = Scratch::new("pkg");
    s.file(
        "r.lua",
        "package.path = './?.lua'\npackage.cpath = './?.so'\nrequire('a.b')\n",
    );
    let o = with_env(&s, &[], &["r.lua"]);
    assert_eq!(o.code, Some(1));
    assert!(
        o.stderr.starts_with(
            "crescent: r.lua:3: module 'a.b' not found:\n\tno field package.preload['a.b']\n\tno file './a/b.lua'\n\
             \tno file './a/b.so'\n\tno file './a.so'\nstack traceback:\n\t[C]: in function 'require'\n\tr.lua:3: in main chunk\n"
        ),
        "{}",
        o.stderr
    );
}

#[test]
fn c_modules_are_not_supported() {
    let s = Scratch::new("pkg");
    s.file("cmod.so", "not really a library")
        .file("root.so", "");
    let code = "package.path = '' package.cpath = './?.so'\n\
                print(select(2, pcall(require, 'cmod')))\n\
                print(select(2, pcall(require, 'root.sub')))\n\
                print(package.loadlib('./cmod.so', 'luaopen_cmod'))\n\
                print(package.loadlib('./cmod.so', '*'))";
    let o = with_env(&s, &[], &["-e", code]);
    assert_eq!(o.stderr, "");
    assert_eq!(
        o.stdout,
        format!(
            "error loading module 'cmod' from file './cmod.so':\n\t{DLMSG}\n\
             error loading module 'root.sub' from file './root.so':\n\t{DLMSG}\n\
             nil\t{DLMSG}\tabsent\nnil\t{DLMSG}\tabsent\n"
        )
    );
}
