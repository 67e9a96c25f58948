//! Typed expression generation.

use super::{Env, Gen, Ty};

pub(crate) fn fmt_int(v: i64) -> String {
    if v == i64::MIN {
        "(-9223372036854775807 - 1)".to_string()
    } else if v < 0 {
        format!("({v})")
    } else {
        v.to_string()
    }
}

const EDGE_INTS: &[&str] = &[
    "9223372036854775807",
    "(-9223372036854775807 - 1)",
    "2147483647",
    "(-2147483648)",
    "4294967296",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "0x8000000000000000",
    "4611686018427387904",
    "(-4611686018427387905)",
    "9007199254740993",
    "0x10",
    "0xFF",
    "1000000007",
    "(-1)",
    "65536",
    "0xDEADBEEF",
];

const FLOATS: &[&str] = &[
    "0.0",
    "(-0.0)",
    "0.5",
    "1.5",
    "(-2.25)",
    "3.0",
    "1e100",
    "(-1e100)",
    "1e-300",
    "1e308",
    "(2^53)",
    "(2^63)",
    "(-2^63)",
    "0.1",
    "0x1p-2",
    "0x1.8p1",
    ".5",
    "5.",
    "1E+2",
    "123456789.125",
    "1e15",
    "1e16",
    "(1/0)",
    "(-1/0)",
    "4.9e-324",
    "2.5e-3",
    "(2^53 + 1.0)",
    "3.14159",
    "(-7.5)",
    "1e-7",
    "100.0",
    "(0/0)",
];

const STRS: &[&str] = &[
    r#""""#,
    r#""a""#,
    r#""abc""#,
    r#""Hello""#,
    r#""x y""#,
    r#""line\nbreak""#,
    r#""tab\tbed""#,
    r#""q\"q""#,
    r#""\65\066\x43""#,
    r#""\u{48}\u{49}""#,
    "[[long]]",
    "[==[lo]]ng]==]",
    r#""10""#,
    r#""0x1F""#,
    r#"" 12 ""#,
    r#""1e2""#,
    r#""-7""#,
    r#""abc\z
      def""#,
    r#"'single'"#,
    r#""a\0b""#,
    r#""zzz""#,
    r#""Z""#,
    r#""\u{7FF}""#,
    r#""3.5""#,
];

impl Gen {
    pub(crate) fn int_lit(&mut self) -> String {
        match self.rng.weighted(&[40, 15, 12, 6, 6, 5, 4]) {
            0 => fmt_int(self.rng.range(-10, 10)),
            1 => fmt_int(self.rng.range(-1000, 1000)),
            2 => self.rng.pick(EDGE_INTS).to_string(),
            3 => fmt_int(self.rng.next_u64() as i64),
            4 => {
                let k = self.rng.range(0, 62);
                let d = self.rng.range(-1, 1);
                fmt_int((1i64 << k).wrapping_add(d))
            }
            5 => format!("0x{:X}", self.rng.next_u64() as u32),
            _ => "0".to_string(),
        }
    }

    pub(crate) fn small_int(&mut self) -> String {
        fmt_int(self.rng.range(-10, 10))
    }

    pub(crate) fn nonzero_lit(&mut self) -> String {
        let v = *self
            .rng
            .pick(&[1i64, -1, 2, -2, 3, -3, 5, 7, -7, 10, 16, 100, -100, 1000003]);
        fmt_int(v)
    }

    pub(crate) fn flt_lit(&mut self) -> String {
        if self.rng.chance(1, 3) {
            let a = self.rng.range(0, 1000);
            let b = self.rng.range(0, 99);
            if self.rng.chance(1, 3) {
                format!("(-{a}.{b})")
            } else {
                format!("{a}.{b}")
            }
        } else {
            self.rng.pick(FLOATS).to_string()
        }
    }

    pub(crate) fn str_lit(&mut self) -> String {
        if self.rng.chance(1, 3) {
            let n = self.rng.range(1, 6);
            let mut s = String::from("\"");
            for _ in 0..n {
                s.push((b'a' + self.rng.below(26) as u8) as char);
            }
            s.push('"');
            s
        } else {
            self.rng.pick(STRS).to_string()
        }
    }

    pub(crate) fn bool_lit(&mut self) -> String {
        if self.rng.chance(1, 2) {
            "true"
        } else {
            "false"
        }
        .to_string()
    }

    pub(crate) fn var_of(&mut self, env: &Env, ty: Ty) -> Option<String> {
        let c: Vec<&super::Var> = env.vars.iter().filter(|v| v.ty == ty).collect();
        if c.is_empty() {
            None
        } else {
            Some(self.rng.pick(&c).name.clone())
        }
    }

    pub(crate) fn expr(&mut self, env: &Env, ty: Ty, d: u32) -> String {
        match ty {
            Ty::Int => self.e_int(env, d),
            Ty::Flt => self.e_flt(env, d),
            Ty::Num => self.e_num(env, d),
            Ty::Str => self.e_str(env, d),
            Ty::Bool => self.e_bool(env, d),
            Ty::Tab => self.e_tab(env, d),
            Ty::Any => self.e_any(env, d),
        }
    }

    fn int_leaf(&mut self, env: &Env) -> String {
        for _ in 0..3 {
            match self.rng.weighted(&[35, 45, 8, 8]) {
                0 => return self.int_lit(),
                1 => {
                    if let Some(v) = self.var_of(env, Ty::Int) {
                        return v;
                    }
                }
                2 => {
                    if let Some(v) = self.var_of(env, Ty::Str) {
                        return format!("#{v}");
                    }
                }
                _ => {
                    if let Some(v) = self.var_of(env, Ty::Tab) {
                        return format!("#{v}");
                    }
                }
            }
        }
        self.int_lit()
    }

    /// A non-zero integer divisor.
    fn nz(&mut self, env: &Env, d: u32) -> String {
        if self.rng.chance(1, 2) {
            self.nonzero_lit()
        } else {
            format!("({} | 1)", self.e_int(env, d))
        }
    }

    pub(crate) fn e_int(&mut self, env: &Env, d: u32) -> String {
        if d == 0 || self.rng.chance(1, 4) {
            return self.int_leaf(env);
        }
        let d1 = d - 1;
        match self
            .rng
            .weighted(&[20, 6, 7, 7, 10, 4, 3, 4, 3, 3, 3, 3, 2])
        {
            0 => {
                let op = *self.rng.pick(&["+", "-", "*"]);
                format!("({} {} {})", self.e_int(env, d1), op, self.e_int(env, d1))
            }
            1 => {
                let n = self.rng.range(3, 5);
                let mut s = self.e_int(env, d1);
                for _ in 1..n {
                    let op = *self.rng.pick(&["+", "-", "*"]);
                    s = format!("{s} {op} {}", self.e_int(env, d1));
                }
                format!("({s})")
            }
            2 => format!("({} // {})", self.e_int(env, d1), self.nz(env, d1)),
            3 => format!("({} % {})", self.e_int(env, d1), self.nz(env, d1)),
            4 => {
                let op = *self.rng.pick(&["&", "|", "~", "<<", ">>"]);
                let rhs = if op == "<<" || op == ">>" {
                    if self.rng.chance(2, 3) {
                        fmt_int(self.rng.range(-2, 66))
                    } else {
                        self.e_int(env, d1)
                    }
                } else {
                    self.e_int(env, d1)
                };
                format!("({} {} {})", self.e_int(env, d1), op, rhs)
            }
            5 => {
                let op = *self.rng.pick(&["-", "~"]);
                format!("({op}{})", self.e_int(env, d1))
            }
            6 => format!(
                "({} and {} or {})",
                self.e_bool(env, d1),
                self.e_int(env, d1),
                self.e_int(env, d1)
            ),
            7 => match self.var_of(env, Ty::Tab) {
                Some(t) => format!("{t}[({} % #{t}) + 1]", self.e_int(env, d1)),
                None => self.int_leaf(env),
            },
            8 => {
                if env.funcs.is_empty() {
                    return self.int_leaf(env);
                }
                let (f, n) = self.rng.pick(&env.funcs).clone();
                let args: Vec<String> = (0..n).map(|_| self.e_int(env, d1)).collect();
                format!("{f}({})", args.join(", "))
            }
            9 => format!("I({})", self.e_num(env, d1)),
            10 => {
                let k = self.rng.range(1, 3);
                format!(
                    "(select({k}, {}, {}, {}))",
                    self.e_int(env, d1),
                    self.e_int(env, d1),
                    self.e_int(env, d1)
                )
            }
            11 => match self.rng.below(5) {
                0 => format!("tonumber(tostring({}))", self.e_int(env, d1)),
                1 => format!("tonumber(\"{}\")", self.rng.range(-99999, 99999)),
                2 => format!("tonumber(\"{:x}\", 16)", self.rng.below(1 << 20)),
                3 => "tonumber(\"zz\", 36)".to_string(),
                _ => "tonumber(\"  0x7F  \")".to_string(),
            },
            _ => {
                let n = self.rng.range(0, 4);
                let mut args = vec!["'#'".to_string()];
                for _ in 0..n {
                    args.push(if self.rng.chance(1, 3) {
                        "nil".into()
                    } else {
                        self.int_leaf(env)
                    });
                }
                format!("select({})", args.join(", "))
            }
        }
    }

    fn flt_leaf(&mut self, env: &Env) -> String {
        if self.rng.chance(1, 2) {
            if let Some(v) = self.var_of(env, Ty::Flt) {
                return v;
            }
        }
        self.flt_lit()
    }

    pub(crate) fn e_flt(&mut self, env: &Env, d: u32) -> String {
        if d == 0 || self.rng.chance(1, 4) {
            return self.flt_leaf(env);
        }
        let d1 = d - 1;
        match self.rng.weighted(&[20, 8, 4, 6, 5, 3, 3, 2, 4]) {
            0 => {
                let op = *self.rng.pick(&["+", "-", "*"]);
                let (a, b) = (self.e_flt(env, d1), self.e_num(env, d1));
                if self.rng.chance(1, 2) {
                    format!("({a} {op} {b})")
                } else {
                    format!("({b} {op} {a})")
                }
            }
            1 => format!("({} / {})", self.e_num(env, d1), self.e_num(env, d1)),
            2 => {
                let e = if self.rng.chance(1, 2) {
                    (*self.rng.pick(&["2", "0.5", "3", "-1", "0", "2.0", "(1/3)"])).to_string()
                } else {
                    self.e_num(env, d1)
                };
                // `^` binds tighter than unary operators: parenthesize the base (`#s ^ 2`).
                format!("(({}) ^ {e})", self.e_num(env, d1))
            }
            3 => {
                let op = *self.rng.pick(&["//", "%"]);
                let (a, b) = (self.e_flt(env, d1), self.e_num(env, d1));
                if self.rng.chance(1, 2) {
                    format!("({a} {op} {b})")
                } else {
                    format!("({b} {op} {a})")
                }
            }
            4 => {
                if self.rng.chance(1, 2) {
                    format!("({} + 0.0)", self.e_int(env, d1))
                } else {
                    format!("({} * 1.0)", self.e_num(env, d1))
                }
            }
            5 => format!("(-{})", self.e_flt(env, d1)),
            6 => format!(
                "({} and {} or {})",
                self.e_bool(env, d1),
                self.e_flt(env, d1),
                self.e_flt(env, d1)
            ),
            7 => {
                let s = *self.rng.pick(&[
                    "1.5", "1e3", "0x1p4", "  2.5  ", ".5", "5.", "1e500", "-0.0", "0x.8",
                ]);
                format!("tonumber(\"{s}\")")
            }
            _ => {
                let n = self.rng.range(3, 4);
                let mut s = self.e_flt(env, d1);
                for _ in 1..n {
                    let op = *self.rng.pick(&["+", "-", "*", "/"]);
                    s = format!("{s} {op} {}", self.e_num(env, d1));
                }
                format!("({s})")
            }
        }
    }

    pub(crate) fn e_num(&mut self, env: &Env, d: u32) -> String {
        match self.rng.weighted(&[40, 30, 20, 10]) {
            0 => self.e_int(env, d),
            1 => self.e_flt(env, d),
            2 => match self.var_of(env, Ty::Num) {
                Some(v) => v,
                None => self.e_int(env, d),
            },
            _ => {
                if d == 0 {
                    return self.e_int(env, 0);
                }
                let op = *self.rng.pick(&["+", "-", "*"]);
                format!(
                    "({} {op} {})",
                    self.e_num(env, d - 1),
                    self.e_num(env, d - 1)
                )
            }
        }
    }

    fn str_leaf(&mut self, env: &Env) -> String {
        if self.rng.chance(1, 2) {
            if let Some(v) = self.var_of(env, Ty::Str) {
                return v;
            }
        }
        self.str_lit()
    }

    pub(crate) fn e_str(&mut self, env: &Env, d: u32) -> String {
        if d == 0 || self.rng.chance(1, 4) {
            return self.str_leaf(env);
        }
        let d1 = d - 1;
        match self.rng.weighted(&[20, 10, 10, 4, 3]) {
            0 => format!("({} .. {})", self.e_str(env, d1), self.e_str(env, d1)),
            1 => {
                let n = self.rng.range(2, 4);
                let mut parts = Vec::new();
                for _ in 0..n {
                    parts.push(match self.rng.below(4) {
                        0 => self.e_int(env, d1),
                        1 => format!("N({})", self.e_flt(env, d1)),
                        _ => self.e_str(env, d1),
                    });
                }
                format!("({})", parts.join(" .. "))
            }
            2 => match self.rng.below(4) {
                0 => format!("tostring({})", self.e_int(env, d1)),
                1 => format!("tostring(N({}))", self.e_flt(env, d1)),
                2 => format!("tostring({})", self.e_bool(env, d1)),
                _ => "tostring(nil)".to_string(),
            },
            3 => format!("S({})", self.e_any(env, d1)),
            _ => format!(
                "({} and {} or {})",
                self.e_bool(env, d1),
                self.e_str(env, d1),
                self.e_str(env, d1)
            ),
        }
    }

    pub(crate) fn e_bool(&mut self, env: &Env, d: u32) -> String {
        if d == 0 || self.rng.chance(1, 5) {
            if self.rng.chance(1, 2) {
                if let Some(v) = self.var_of(env, Ty::Bool) {
                    return v;
                }
            }
            if d == 0 {
                return self.bool_lit();
            }
        }
        let d1 = d.saturating_sub(1);
        match self.rng.weighted(&[25, 8, 5, 8, 3, 3, 3, 5]) {
            0 => {
                let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "~="]);
                format!("({} {op} {})", self.e_num(env, d1), self.e_num(env, d1))
            }
            1 => {
                let op = *self.rng.pick(&["<", "<=", ">", ">=", "==", "~="]);
                format!("({} {op} {})", self.e_str(env, d1), self.e_str(env, d1))
            }
            2 => format!("(not {})", self.e_bool(env, d1)),
            3 => {
                let op = *self.rng.pick(&["and", "or"]);
                format!("({} {op} {})", self.e_bool(env, d1), self.e_bool(env, d1))
            }
            4 => format!("rawequal({}, {})", self.e_num(env, d1), self.e_num(env, d1)),
            5 => {
                let t = *self
                    .rng
                    .pick(&["number", "string", "nil", "table", "boolean"]);
                format!("(type({}) == \"{t}\")", self.e_any(env, d1))
            }
            6 => format!("({} == nil)", self.e_any(env, d1)),
            _ => {
                let op = *self.rng.pick(&["==", "<", "<=", "~="]);
                format!("({} {op} {})", self.e_int(env, d1), self.e_flt(env, d1))
            }
        }
    }

    pub(crate) fn e_tab(&mut self, env: &Env, d: u32) -> String {
        let n = self.rng.range(1, 6);
        let items: Vec<String> = (0..n).map(|_| self.e_int(env, d.min(1))).collect();
        format!("{{{}}}", items.join(", "))
    }

    pub(crate) fn e_any(&mut self, env: &Env, d: u32) -> String {
        let d1 = d.saturating_sub(1);
        match self.rng.weighted(&[10, 8, 8, 5, 3, 6, 3, 3, 3, 2]) {
            0 => self.e_int(env, d1),
            1 => self.e_flt(env, d1),
            2 => self.e_str(env, d1),
            3 => self.e_bool(env, d1),
            4 => "nil".to_string(),
            5 => match self.var_of(env, Ty::Any) {
                Some(v) => v,
                None => self.e_num(env, d1),
            },
            6 => match self.var_of(env, Ty::Tab) {
                Some(t) => format!("{t}[{}]", self.e_int(env, d1)),
                None => "nil".to_string(),
            },
            7 => format!("tonumber({})", self.e_str(env, d1)),
            8 => format!(
                "({} and {} or {})",
                self.e_bool(env, d1),
                self.e_int(env, d1),
                self.e_str(env, d1)
            ),
            _ => match self.var_of(env, Ty::Tab) {
                Some(t) => format!("rawget({t}, {})", self.e_int(env, d1)),
                None => format!(
                    "select(-1, {}, {})",
                    self.e_str(env, d1),
                    self.e_int(env, d1)
                ),
            },
        }
    }
}
