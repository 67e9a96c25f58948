//! The baseline compiler: one x86-64 template per opcode, emitted with `dynasm` into a
//! `VecAssembler` (position-independent: branches are relative, helpers and constants are
//! absolute 64-bit immediates), copied into the code cache by the caller.
//!
//! Machine state inside compiled code: `r12` = `*mut State`, `r13` = frame base (register 0),
//! `r14` = constants, `r15` = the closure. Values live only in stack slots (the GC contract):
//! machine registers hold them only between two loads/stores of one template, never across
//! a helper call, so every safepoint sees all live values in the frame. `r13` is reloaded from
//! `State::jit.base` after every helper (the stack may move). Every bytecode pc gets a label
//! and its native offset is recorded, so the interpreter can enter a frame at any saved pc
//! (function entry, return from a callee, loop headers).
//!
//! Entries (`Cx::entries` in `calls.rs`): the generic one at offset 0,
//! `extern "sysv64" fn(l, closure, base, target, code) -> status` (from Rust), saves the
//! callee-saved registers, loads the pinned `r12`/`rbp` and calls the frame's inner entry;
//! the Lua entry (`JitCode::lua_entry`, called by compiled callers with `r12`/`rbp` already
//! pinned) skips that. Both keep the block at `[rsp]`, set `r13`/`r14`/`r15`/`rbx` and go
//! to the target pc (the Lua entry: pc 0). Exit: pops the block and returns the status in
//! `eax`. A Lua tail call of a compiled function reuses the native frame: it swaps the code
//! block at `[rsp]`, reloads the pinned registers and jumps to the callee's pc 0. Frames are
//! not counted: the cache frees a block only when no Lua frame of its prototype is on a
//! thread's frame stack (`jit::live_protos`); the one path that runs a block after its
//! `CallInfo` is gone (TAILCALL through `h_tailcall`) pins it in `code.active`.

use super::helpers::*;
use super::{JitCode, JitState, ProtoJit, ST_OK, ST_RETURNED, ST_RETURNED_FRESH};
use crate::object::closure::{LClosure, LProto, NClosure, UpVal};
use crate::object::mcache::MethodCache;
use crate::object::string::LuaString;
use crate::object::table::{Node, Table};
use crate::value::*;
use crate::vm::state::State;
use crate::vm::state::{CallInfo, CIST_C, CIST_FRESH, CIST_TAIL};
use crate::vm::{MIN_STACK, MULTRET};
use crescent_frontend::{Instr, Op};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{dynasm, DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler};
use std::mem::{offset_of, size_of};

/// How a function is compiled (see `JitOptions::recompile`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Once, without counters or feedback-driven layout.
    Plain,
    /// First code: counts calls and loop iterations in `ProtoJit::recompile` and calls
    /// `h_recompile` when it runs out.
    Counting,
    /// Laid out by the feedback the first code recorded.
    Tuned,
}

/// Output of [`compile`].
pub struct Compiled {
    pub code: Vec<u8>,
    pub pc_offsets: Vec<u32>,
    /// Where the interpreter enters the frame at each pc: `pc_offsets`, or the pc's
    /// float-cache reload stub.
    pub entry_offsets: Vec<u32>,
    /// Offset of the Lua entry (see `Cx::entries`).
    pub lua_entry: u32,
    /// Names of absolute addresses embedded in the code (for dumps).
    pub symbols: Vec<(u64, String)>,
    pub data: Box<[u64]>,
}

const BASE_OFF: i32 = (offset_of!(State, jit) + offset_of!(JitState, base)) as i32;
const LCL_PROTO: i32 = offset_of!(LClosure, proto) as i32;
const LCL_UPVALS: i32 = size_of::<LClosure>() as i32;
const NCL_F: i32 = offset_of!(NClosure, f) as i32;
const PROTO_K: i32 = offset_of!(LProto, k) as i32;
const UPVAL_V: i32 = offset_of!(UpVal, v) as i32;
const T_ASIZE: i32 = offset_of!(Table, asize) as i32;
const T_ARRAY: i32 = offset_of!(Table, array) as i32;
const T_NODE: i32 = offset_of!(Table, node) as i32;
const T_LSIZENODE: i32 = offset_of!(Table, lsizenode) as i32;
const T_METATABLE: i32 = offset_of!(Table, metatable) as i32;
const T_LASTFREE: i32 = offset_of!(Table, lastfree) as i32;
const T_FLAGS: i32 = offset_of!(Table, flags) as i32;
const T_EXTRA: i32 = offset_of!(Table, extra) as i32;
const PROTO: i8 = crate::object::mcache::PROTO as i8;
const T_LENHINT: i32 = offset_of!(Table, lenhint) as i32;
const S_HASH: i32 = offset_of!(LuaString, hash) as i32;
const NODE_SIZE: i32 = size_of::<Node>() as i32;
const N_VAL_V: i32 = offset_of!(Node, val_v) as i32;
const N_VAL_TT: i32 = offset_of!(Node, val_tt) as i32;
const N_KEY_TT: i32 = offset_of!(Node, key_tt) as i32;
const N_KEY_V: i32 = offset_of!(Node, key_v) as i32;
const N_NEXT: i32 = offset_of!(Node, next) as i32;

const S_CI: i32 = offset_of!(State, ci) as i32;
const S_TOP: i32 = offset_of!(State, top) as i32;
const S_MT_STRING: i32 = (offset_of!(State, mt)
    + crate::value::LuaType::String as usize * size_of::<*mut Table>())
    as i32;
const J: usize = offset_of!(State, jit);
const J_STACK_PTR: i32 = (J + offset_of!(JitState, stack_ptr)) as i32;
const J_STACK_LIMIT: i32 = (J + offset_of!(JitState, stack_limit)) as i32;
const J_CIS_PTR: i32 = (J + offset_of!(JitState, cis_ptr)) as i32;
const J_CIS_LEN: i32 = (J + offset_of!(JitState, cis_len)) as i32;
const J_FORCE_INTERP: i32 = (J + offset_of!(JitState, force_interp)) as i32;
const CI_SIZE: i32 = size_of::<CallInfo>() as i32;
// `inline_call` writes every field of a new `CallInfo` (func, top, savedpc, nresults, status,
// nextraargs): a new field must be initialised there too, hence this tripwire.
const _: () = assert!(
    size_of::<CallInfo>() == 40,
    "CallInfo changed: update inline_call"
);
const CI_FUNC: i32 = offset_of!(CallInfo, func) as i32;
const CI_TOP: i32 = offset_of!(CallInfo, top) as i32;
const CI_SAVEDPC: i32 = offset_of!(CallInfo, savedpc) as i32;
const CI_NRESULTS: i32 = offset_of!(CallInfo, nresults) as i32;
const CI_STATUS: i32 = offset_of!(CallInfo, status) as i32;
const CI_NEXTRA: i32 = offset_of!(CallInfo, nextraargs) as i32;
const P_JIT_CODE: i32 = (offset_of!(LProto, jit) + offset_of!(ProtoJit, code)) as i32;
const P_JIT_FEEDBACK: i32 = (offset_of!(LProto, jit) + offset_of!(ProtoJit, feedback)) as i32;
const P_NUMPARAMS: i32 = offset_of!(LProto, numparams) as i32;
const P_MAXSTACK: i32 = offset_of!(LProto, maxstack) as i32;
const JC_ENTRY0: i32 = offset_of!(JitCode, entry0) as i32;
const JC_LUA_ENTRY: i32 = offset_of!(JitCode, lua_entry) as i32;
const JC_ACTIVE: i32 = offset_of!(JitCode, active) as i32;

/// Names of the `State` offsets compiled code uses (the dump prints `[r12+name]`, so golden
/// dumps do not change when `State` gains fields).
pub fn state_offsets() -> Vec<(i32, &'static str)> {
    vec![
        (BASE_OFF, "jit.base"),
        (S_CI, "ci"),
        (S_TOP, "top"),
        (J_STACK_PTR, "jit.stack_ptr"),
        (J_STACK_LIMIT, "jit.stack_limit"),
        (J_CIS_PTR, "jit.cis_ptr"),
        (J_CIS_LEN, "jit.cis_len"),
        (J_FORCE_INTERP, "jit.force_interp"),
        (S_MT_STRING, "mt[string]"),
    ]
}

type Helper = unsafe extern "sysv64" fn(*mut State, u32, u32) -> u32;

macro_rules! asm {
    ($ops:expr; $($t:tt)*) => {
        dynasm!($ops ; .arch x64 ; $($t)*)
    };
}

// After `asm!` (macros are in scope textually).
mod arith;
mod calls;
mod compare;
mod fcache;
mod table;

#[inline(always)]
fn r(a: u32) -> i32 {
    (a as i32) * 16
}

/// A second arithmetic operand.
#[derive(Clone, Copy, PartialEq)]
enum Opnd {
    Reg(i32),
    Int(i64),
    Flt(f64),
    /// A constant that is not a number (the arithmetic always takes the slow path).
    Other,
}

/// Deferred emission of out-of-line code.
type ColdFn<'a> = Box<dyn FnOnce(&mut Cx<'a>) -> Result<(), String> + 'a>;

/// A piece of out-of-line code (emitted after the main line, see `compile`).
enum Cold<'a> {
    /// An instruction that nothing falls through to: an MMBIN* (reached only by entering
    /// the frame at its pc: the arithmetic before it calls its helper itself) or the JMP of
    /// a test (the test jumps to its target itself), so the main path before it falls
    /// through to the instruction after it.
    Pc(usize, Instr),
    /// Code of the instruction whose feedback cell offset is given.
    Fn(i32, ColdFn<'a>),
    /// The other paths of an arithmetic instruction (`Cx::arith_cold`).
    Arith {
        at: DynamicLabel,
        slow: DynamicLabel,
        pc: usize,
        i: Instr,
        whole: bool,
    },
}

struct Cx<'a> {
    ops: VecAssembler<X64Relocation>,
    labels: Vec<DynamicLabel>,
    exit: DynamicLabel,
    p: &'a LProto,
    symbols: Vec<(u64, String)>,
    /// The interned "__index" (for inline `__index` table lookups).
    tm_index: *mut LuaString,
    /// The state's method cache (its address is embedded by the `__index` chain subroutine).
    mcache: *const MethodCache,
    /// Per-site copies of method cache entries (`table.rs`: `index_chain_at`), three words
    /// each (metatable, slot, epoch); the last one is scratch. Becomes `Compiled::data`
    /// (its heap buffer does not move).
    sites: Box<[u64]>,
    site_next: usize,
    /// Offset of the current instruction's feedback cell from `rbx`.
    fbo: i32,
    /// Out-of-line Ctrl-C stubs of back-edges: (stub label, loop target pc).
    stubs: Vec<(DynamicLabel, usize)>,
    /// The shared `__index` chain subroutine, if used (see `table.rs`).
    chain: Option<(DynamicLabel, DynamicLabel)>,
    mode: Mode,
    /// Code laid out after the function's main line (rarely taken paths), in order.
    cold: Vec<Cold<'a>>,
    /// The label of the code that follows the current instruction's main line, when a test
    /// may fall through to it (the instruction after its JMP; see `Cold::Pc`).
    fall: Option<DynamicLabel>,
    /// The current instruction laid the next one out of line (`Cold::Pc`).
    skip_next: bool,
    /// Out-of-line recompile stubs (`Mode::Counting`): (stub label, pc to continue at).
    recompile_stubs: Vec<(DynamicLabel, usize)>,
    /// The float register cache (`fcache.rs`).
    fc: fcache::FCache,
    /// Emitting out-of-line code (after the main line).
    cold_mode: bool,
}

impl<'a> Cx<'a> {
    /// Emits `f` out of line (after the main line), with the current feedback cell.
    fn defer(&mut self, f: impl FnOnce(&mut Cx<'a>) -> Result<(), String> + 'a) {
        self.cold.push(Cold::Fn(self.fbo, Box::new(f)));
    }

    /// The label of `pc`; out of line, its float-cache reload stub when it has one (see
    /// `fcache.rs`).
    fn lab(&self, pc: usize) -> Result<DynamicLabel, String> {
        let l = self
            .labels
            .get(pc)
            .copied()
            .ok_or_else(|| format!("jump target {} out of range", pc))?;
        if self.cold_mode {
            if let Some(stub) = self.fc.stub(pc) {
                return Ok(stub);
            }
        }
        Ok(l)
    }

    fn k(&self, i: u32) -> Result<Value, String> {
        self.p
            .consts
            .get(i as usize)
            .copied()
            .ok_or_else(|| format!("constant {} out of range", i))
    }

    fn sym(&mut self, v: u64, name: String) {
        self.symbols.push((v, name));
    }

    /// Calls helper `h` for the instruction at `pc`; reloads the base afterwards. On the
    /// main line, the helper clobbers the float cache.
    fn call(&mut self, h: Helper, name: &str, pc: usize, i: Instr) {
        if !self.cold_mode {
            self.fc.clear();
        }
        let addr = h as usize as i64;
        self.sym(addr as u64, name.to_string());
        asm!(self.ops
            ; mov rdi, r12
            ; mov esi, pc as i32
            ; mov edx, i.0 as i32
            ; mov rax, QWORD addr
            ; call rax
            ; mov r13, [r12 + BASE_OFF]
        );
    }

    /// Calls a helper returning `ST_OK` or an error.
    fn call_ok(&mut self, h: Helper, name: &str, pc: usize, i: Instr) {
        self.call(h, name, pc, i);
        let exit = self.exit;
        asm!(self.ops ; cmp eax, ST_OK as i32 ; jne =>exit);
    }

    /// Calls a helper returning 0 (error), 1 or 2; branches to `l1` / `l2`.
    fn call_branch(
        &mut self,
        h: Helper,
        name: &str,
        pc: usize,
        i: Instr,
        l1: DynamicLabel,
        l2: DynamicLabel,
    ) {
        self.call(h, name, pc, i);
        let exit = self.exit;
        asm!(self.ops
            ; test eax, eax
            ; jz =>exit
            ; cmp eax, 1
            ; je =>l1
            ; jmp =>l2
        );
    }

    /// A loop back-edge to `target`: polls the Ctrl-C flag (`rbp` points to it,
    /// `crate::vm::interrupt::flag_address`) and jumps; a set flag goes to an out-of-line stub
    /// that raises "interrupted!" with `target` saved as the frame's pc, as the interpreter does.
    fn back_jump(&mut self, target: usize) -> Result<(), String> {
        let t = self.lab(target)?;
        let stub = self.ops.new_dynamic_label();
        self.stubs.push((stub, target));
        asm!(self.ops
            ; cmp BYTE [rbp], 0
            ; jne =>stub
        );
        self.count_for_recompile(target);
        asm!(self.ops ; jmp =>t);
        Ok(())
    }

    /// `Mode::Counting`: counts one call or loop iteration; when the count runs out, the
    /// function is recompiled with its feedback and continues at `target` in the new code.
    fn count_for_recompile(&mut self, target: usize) {
        if self.mode != Mode::Counting {
            return;
        }
        let stub = self.ops.new_dynamic_label();
        self.recompile_stubs.push((stub, target));
        let addr = &self.p.jit.recompile as *const i32 as i64;
        self.sym(addr as u64, "recompile counter".into());
        asm!(self.ops
            ; mov rax, QWORD addr
            ; dec DWORD [rax]
            ; js =>stub
        );
    }

    /// Whether the instruction at `pc` should be laid out float-first: tuned code, and its
    /// feedback saw the float path but never the integer one.
    fn float_first(&self, pc: usize) -> bool {
        if self.mode != Mode::Tuned {
            return false;
        }
        let fb = self.p.feedback.get(pc).copied().unwrap_or(0) as u8;
        fb & super::FB_FLT != 0 && fb & super::FB_INT == 0
    }

    /// Tuned code (`Mode::Tuned`): the current instruction's cell already holds `bits`, so
    /// recording them again would change nothing (cells only gain bits).
    fn recorded(&self, bits: u8) -> bool {
        self.mode == Mode::Tuned
            && self
                .p
                .feedback
                .get((self.fbo / 4) as usize)
                .map_or(false, |&c| c as u8 & bits == bits)
    }

    /// Records feedback bits in the current instruction's cell (`or byte [rbx + 4*pc]`),
    /// unless tuned code knows they are there already.
    fn fb(&mut self, bits: u8) {
        if self.recorded(bits) {
            return;
        }
        let o = self.fbo;
        asm!(self.ops ; or BYTE [rbx + o], bits as i8);
    }

    /// Branch-direction recording around a conditional's targets: returns labels to use in
    /// place of (t, f); call `branch_tails` after the instruction's code.
    /// A direction already recorded when tuned code is compiled needs no recording (cells
    /// only gain bits): its label is the target itself.
    fn branch_wrap(
        &mut self,
        t: DynamicLabel,
        f: DynamicLabel,
    ) -> (DynamicLabel, DynamicLabel, [DynamicLabel; 4]) {
        let t2 = if self.recorded(super::FB_TAKEN) {
            t
        } else {
            self.ops.new_dynamic_label()
        };
        let f2 = if self.recorded(super::FB_NOT_TAKEN) {
            f
        } else {
            self.ops.new_dynamic_label()
        };
        (t2, f2, [t2, t, f2, f])
    }

    fn branch_tails(&mut self, w: [DynamicLabel; 4]) {
        let [t2, t, f2, f] = w;
        if t2 != t {
            asm!(self.ops ; =>t2);
            self.fb(super::FB_TAKEN);
            asm!(self.ops ; jmp =>t);
        }
        if f2 != f {
            asm!(self.ops ; =>f2);
            self.fb(super::FB_NOT_TAKEN);
            asm!(self.ops ; jmp =>f);
        }
    }

    fn copy_reg(&mut self, dst: i32, src: i32) {
        asm!(self.ops
            ; mov rax, [r13 + src]
            ; mov rcx, [r13 + src + 8]
            ; mov [r13 + dst], rax
            ; mov [r13 + dst + 8], rcx
        );
    }

    fn copy_k(&mut self, dst: i32, kidx: u32) {
        let off = (kidx as i32) * 16;
        asm!(self.ops
            ; mov rax, [r14 + off]
            ; mov rcx, [r14 + off + 8]
            ; mov [r13 + dst], rax
            ; mov [r13 + dst + 8], rcx
        );
    }

    fn set_tt(&mut self, dst: i32, v: i64, tt: u8) {
        if v == v as i32 as i64 {
            asm!(self.ops ; mov QWORD [r13 + dst], v as i32);
        } else {
            asm!(self.ops ; mov rax, QWORD v ; mov [r13 + dst], rax);
        }
        asm!(self.ops ; mov QWORD [r13 + dst + 8], tt as i32);
    }

    /// rax = *(upvalue b)->v
    fn upval_ptr(&mut self, b: u32) {
        let off = LCL_UPVALS + (b as i32) * 8;
        asm!(self.ops
            ; mov rax, [r15 + off]
            ; mov rax, [rax + UPVAL_V]
        );
    }

    /// Loads the value of RK(C) into rax (payload) / ecx (tag).
    fn load_rk(&mut self, i: Instr) {
        if i.k() {
            let off = (i.c() as i32) * 16;
            asm!(self.ops ; mov rax, [r14 + off] ; movzx ecx, BYTE [r14 + off + 8]);
        } else {
            let off = r(i.c());
            match self.fc_get(off) {
                Some(x) => asm!(self.ops ; movq rax, Rx(x)),
                None => asm!(self.ops ; mov rax, [r13 + off]),
            }
            asm!(self.ops ; movzx ecx, BYTE [r13 + off + 8]);
        }
    }

    /// Where a test's jump `j` (at `jpc`) goes: straight to its target when it is forward;
    /// a backward jump goes through the JMP's own code (its Ctrl-C poll).
    fn jump_target(&self, jpc: usize, j: Instr) -> Result<DynamicLabel, String> {
        let target = (jpc as i64 + 1 + j.sj() as i64) as usize;
        if target <= jpc {
            self.lab(jpc)
        } else {
            self.lab(target)
        }
    }

    /// Conditional jump tail: `t` taken when the condition is true. For a test instruction
    /// at `pc` with flag `k`, the jump (instruction pc + 1) is taken when cond == k.
    fn cond_targets(&self, pc: usize, i: Instr) -> Result<(DynamicLabel, DynamicLabel), String> {
        let j = *self.p.src.code.get(pc + 1).ok_or("test at end of code")?;
        let jl = self.jump_target(pc + 1, j)?;
        let skip = self.lab(pc + 2)?;
        Ok(if i.k() { (jl, skip) } else { (skip, jl) })
    }

    /// `cond_targets` with branch-direction recording (see `branch_wrap`).
    fn cond_targets_fb(
        &mut self,
        pc: usize,
        i: Instr,
    ) -> Result<(DynamicLabel, DynamicLabel, [DynamicLabel; 4]), String> {
        let (t, f) = self.cond_targets(pc, i)?;
        // "taken" = the jump (pc + 1) is taken.
        let (t2, f2, w) = if i.k() {
            self.branch_wrap(t, f)
        } else {
            let (f2, t2, w) = self.branch_wrap(f, t);
            (t2, f2, w)
        };
        Ok((t2, f2, w))
    }

    fn op(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        match i.op() {
            Op::Move => self.op_move(a, r(i.b())),
            Op::LoadI => self.set_tt(a, i.sbx() as i64, T_INT),
            Op::LoadF => self.set_tt(a, (i.sbx() as f64).to_bits() as i64, T_FLT),
            Op::LoadK => {
                self.k(i.bx())?;
                self.copy_k(a, i.bx())
            }
            Op::LoadKX => {
                let ax = self.p.src.code.get(pc + 1).ok_or("LOADKX at end")?.ax();
                self.k(ax)?;
                self.copy_k(a, ax);
                let n = self.lab(pc + 2)?;
                asm!(self.ops ; jmp =>n);
            }
            Op::LoadFalse => self.set_tt(a, 0, T_FALSE),
            Op::LFalseSkip => {
                self.set_tt(a, 0, T_FALSE);
                let n = self.lab(pc + 2)?;
                asm!(self.ops ; jmp =>n);
            }
            Op::LoadTrue => self.set_tt(a, 0, T_TRUE),
            Op::LoadNil => {
                for j in 0..=i.b() {
                    self.set_tt(a + r(j), 0, T_NIL);
                }
            }
            Op::GetUpval => {
                self.upval_ptr(i.b());
                asm!(self.ops
                    ; mov rcx, [rax]
                    ; mov rdx, [rax + 8]
                    ; mov [r13 + a], rcx
                    ; mov [r13 + a + 8], rdx
                );
            }
            Op::SetUpval => {
                self.upval_ptr(i.b());
                asm!(self.ops
                    ; mov rcx, [r13 + a]
                    ; mov rdx, [r13 + a + 8]
                    ; mov [rax], rcx
                    ; mov [rax + 8], rdx
                );
            }
            Op::GetTabUp | Op::GetField | Op::SelfOp => self.op_get_field(pc, i)?,
            Op::GetTable | Op::GetI => self.op_get_table(pc, i)?,
            Op::SetTabUp | Op::SetField => self.op_set_field(pc, i)?,
            Op::SetTable | Op::SetI => self.op_set_table(pc, i)?,
            Op::NewTable => {
                self.call_ok(h_newtable, "h_newtable", pc, i);
                let n = self.lab(pc + 2)?;
                asm!(self.ops ; jmp =>n);
            }
            Op::AddI
            | Op::AddK
            | Op::SubK
            | Op::MulK
            | Op::ModK
            | Op::PowK
            | Op::DivK
            | Op::IDivK
            | Op::BAndK
            | Op::BOrK
            | Op::BXorK
            | Op::ShrI
            | Op::ShlI
            | Op::Add
            | Op::Sub
            | Op::Mul
            | Op::Mod
            | Op::Pow
            | Op::Div
            | Op::IDiv
            | Op::BAnd
            | Op::BOr
            | Op::BXor
            | Op::Shl
            | Op::Shr => self.arith(pc, i)?,
            Op::MmBin | Op::MmBinI | Op::MmBinK => {
                if i.op() == Op::MmBinK {
                    self.k(i.b())?;
                }
                self.call_ok(h_mmbin, "h_mmbin", pc, i);
            }
            Op::Unm => {
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let flt = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                asm!(self.ops
                    ; cmp BYTE [r13 + b + 8], T_INT as i8
                    ; jne =>flt
                    ; mov rax, [r13 + b]
                    ; neg rax
                    ; mov [r13 + a], rax
                    ; mov QWORD [r13 + a + 8], T_INT as i32
                    ; jmp =>done
                    ; =>flt
                    ; cmp BYTE [r13 + b + 8], T_FLT as i8
                    ; jne =>slow
                    ; mov rax, [r13 + b]
                    ; btc rax, 63
                    ; mov [r13 + a], rax
                    ; mov QWORD [r13 + a + 8], T_FLT as i32
                    ; jmp =>done
                    ; =>slow
                );
                self.call_ok(h_unary, "h_unary", pc, i);
            }
            Op::BNot => {
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                asm!(self.ops
                    ; cmp BYTE [r13 + b + 8], T_INT as i8
                    ; jne =>slow
                    ; mov rax, [r13 + b]
                    ; not rax
                    ; mov [r13 + a], rax
                    ; mov QWORD [r13 + a + 8], T_INT as i32
                    ; jmp =>done
                    ; =>slow
                );
                self.call_ok(h_unary, "h_unary", pc, i);
            }
            Op::Not => {
                let b = r(i.b());
                asm!(self.ops
                    ; xor eax, eax
                    ; cmp BYTE [r13 + b + 8], T_FALSE as i8
                    ; setbe al
                    ; inc eax
                    ; mov QWORD [r13 + a], 0
                    ; mov [r13 + a + 8], rax
                );
            }
            Op::Len => {
                // A table without metatable: its border. Inline, the cases of
                // `Table::length` that need no search (same results): a full array part
                // without hash part, an empty table, a nil last slot after a present one,
                // the cached border `lenhint` or its successor; the rest by a plain call.
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                let call = self.ops.new_dynamic_label();
                let store = self.ops.new_dynamic_label();
                let full = self.ops.new_dynamic_label();
                let hint = self.ops.new_dynamic_label();
                let succ = self.ops.new_dynamic_label();
                let retj = self.ops.new_dynamic_label();
                let f = jit_table_len as *const () as usize as i64;
                self.sym(f as u64, "jit_table_len".into());
                asm!(self.ops
                    ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                    ; jne =>slow
                    ; mov rdi, [r13 + b]
                    ; cmp QWORD [rdi + T_METATABLE], 0
                    ; jne =>slow
                    ; mov ecx, DWORD [rdi + T_ASIZE]
                    ; mov rsi, [rdi + T_ARRAY]
                    ; mov rax, rcx
                    ; shl rax, 4
                    ; test ecx, ecx
                    ; jz =>full
                    ; cmp BYTE [rsi + rax - 8], T_NIL as i8
                    ; jne =>full
                    // t[limit] is nil: t[limit - 1] present makes limit - 1 the border.
                    ; cmp ecx, 2
                    ; jb =>call
                    ; cmp BYTE [rsi + rax - 24], T_NIL as i8
                    ; je =>hint
                    ; lea eax, [rcx - 1]
                    ; jmp =>store
                    ; =>hint
                    ; mov edx, DWORD [rdi + T_LENHINT]
                    ; lea r8d, [rcx - 1]
                    ; cmp edx, r8d
                    ; jae =>call
                    ; mov rax, rdx
                    ; shl rax, 4
                    ; cmp BYTE [rsi + rax + 8], T_NIL as i8
                    ; jne =>succ
                    // t[j + 1] absent: j is the border if j = 0 or t[j] is present.
                    ; test edx, edx
                    ; jz =>retj
                    ; cmp BYTE [rsi + rax - 8], T_NIL as i8
                    ; je =>call
                    ; =>retj
                    ; mov eax, edx
                    ; jmp =>store
                    // t[j + 1] present: j + 1 is the border if t[j + 2] is absent.
                    ; =>succ
                    ; cmp BYTE [rsi + rax + 24], T_NIL as i8
                    ; jne =>call
                    ; inc edx
                    ; mov DWORD [rdi + T_LENHINT], edx
                    ; mov eax, edx
                    ; jmp =>store
                    // No nil at the end of the array part: its size when there is no
                    // hash part.
                    ; =>full
                    ; cmp QWORD [rdi + T_LASTFREE], 0
                    ; jne =>call
                    ; mov eax, ecx
                    ; jmp =>store
                    ; =>call
                    ; mov rax, QWORD f
                    ; call rax
                    ; =>store
                    ; mov [r13 + a], rax
                    ; mov QWORD [r13 + a + 8], T_INT as i32
                    ; jmp =>done
                    ; =>slow
                );
                self.call_ok(h_unary, "h_unary", pc, i)
            }
            Op::Concat => self.call_ok(h_concat, "h_concat", pc, i),
            Op::Close => self.call_ok(h_close, "h_close", pc, i),
            Op::Tbc => self.call_ok(h_tbc, "h_tbc", pc, i),
            Op::Jmp => {
                let target = (pc as i64 + 1 + i.sj() as i64) as usize;
                if target <= pc {
                    self.back_jump(target)?;
                } else {
                    let t = self.lab(target)?;
                    asm!(self.ops ; jmp =>t);
                }
            }
            Op::Eq
            | Op::Lt
            | Op::Le
            | Op::EqK
            | Op::EqI
            | Op::LtI
            | Op::LeI
            | Op::GtI
            | Op::GeI
            | Op::Test => self.op_compare(pc, i)?,
            Op::TestSet => {
                let j = *self.p.src.code.get(pc + 1).ok_or("test at end of code")?;
                let target = self.jump_target(pc + 1, j)?;
                let skip = self.lab(pc + 2)?;
                let b = r(i.b());
                let skip2 = self.ops.new_dynamic_label();
                asm!(self.ops ; cmp BYTE [r13 + b + 8], T_FALSE as i8);
                if i.k() {
                    asm!(self.ops ; jbe =>skip2);
                } else {
                    asm!(self.ops ; ja =>skip2);
                }
                self.copy_reg(a, b);
                self.fb(super::FB_TAKEN);
                asm!(self.ops ; jmp =>target ; =>skip2);
                self.fb(super::FB_NOT_TAKEN);
                asm!(self.ops ; jmp =>skip);
            }
            Op::Call => {
                if let Some(f) = self.builtin_site(pc, i) {
                    // Tuned code where only `math.sqrt` or `math.floor` was called: it
                    // first; the whole call out of line.
                    let generic = self.ops.new_dynamic_label();
                    self.builtin_first(i, f, generic);
                    self.defer(move |cx| {
                        asm!(cx.ops ; =>generic);
                        cx.generic_call(pc, i)?;
                        let next = cx.lab(pc + 1)?;
                        asm!(cx.ops ; jmp =>next);
                        Ok(())
                    });
                } else {
                    self.generic_call(pc, i)?;
                }
            }
            Op::TailCall => {
                if i.b() != 0 && i.c() == 0 && !i.k() {
                    self.inline_tailcall(pc, i);
                }
                self.fb(super::FB_OTHER);
                // The helper replaces this frame's `CallInfo` by the callee's and may run it
                // before returning here: pin the block (`JitCode::active`) meanwhile.
                asm!(self.ops ; mov rcx, [rsp] ; inc DWORD [rcx + JC_ACTIVE]);
                self.call(h_tailcall, "h_tailcall", pc, i);
                asm!(self.ops ; mov rcx, [rsp] ; dec DWORD [rcx + JC_ACTIVE]);
                self.exit_returned();
            }
            Op::Return0 | Op::Return1 => {
                self.inline_return(i);
                self.call(h_return, "h_return", pc, i);
                self.exit_returned();
            }
            Op::Return => {
                if i.b() != 0 && !i.k() && i.c() == 0 {
                    self.inline_return_n(i);
                }
                self.call(h_return, "h_return", pc, i);
                self.exit_returned();
            }
            Op::ForLoop => {
                let body_pc = (pc as i64 + 1 - i.bx() as i64) as usize;
                self.lab(body_pc)?;
                let done = self.lab(pc + 1)?;
                let flt = self.ops.new_dynamic_label();
                let again = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 40], T_INT as i8
                    ; jne =>flt
                    ; mov rax, [r13 + a + 16]
                    ; test rax, rax
                    ; jz =>done
                    ; dec rax
                    ; mov [r13 + a + 16], rax
                    ; mov rax, [r13 + a]
                    ; add rax, [r13 + a + 32]
                    ; mov [r13 + a], rax
                    ; mov [r13 + a + 48], rax
                    ; mov QWORD [r13 + a + 56], T_INT as i32
                    ; =>again
                );
                self.back_jump(body_pc)?;
                asm!(self.ops ; =>flt);
                self.call_branch(h_forloop, "h_forloop", pc, i, done, again);
            }
            Op::ForPrep => {
                let run = self.lab(pc + 1)?;
                let skip = self.lab(pc + i.bx() as usize + 2)?;
                // Integer loop: the iteration count is (limit - init) / step as PUC's
                // `forprep` computes it (unsigned; step 1 without the division).
                let slow = self.ops.new_dynamic_label();
                let general = self.ops.new_dynamic_label();
                let neg = self.ops.new_dynamic_label();
                let store = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>slow
                    ; cmp BYTE [r13 + a + 24], T_INT as i8
                    ; jne =>slow
                    ; cmp BYTE [r13 + a + 40], T_INT as i8
                    ; jne =>slow
                    ; mov rax, [r13 + a]
                    ; mov rcx, [r13 + a + 16]
                    ; mov r8, [r13 + a + 32]
                    ; cmp r8, 1
                    ; jne =>general
                    ; cmp rax, rcx
                    ; jg =>skip
                    ; sub rcx, rax
                    ; mov [r13 + a + 16], rcx
                    ; mov [r13 + a + 48], rax
                    ; mov QWORD [r13 + a + 56], T_INT as i32
                    ; jmp =>run
                    ; =>general
                    // step 0 is an error: the helper raises it
                    ; test r8, r8
                    ; jz =>slow
                    ; mov r9, rax
                    ; js =>neg
                    ; cmp r9, rcx
                    ; jg =>skip
                    ; mov rax, rcx
                    ; sub rax, r9
                    ; xor edx, edx
                    ; div r8
                    ; jmp =>store
                    ; =>neg
                    ; cmp r9, rcx
                    ; jl =>skip
                    ; mov rax, r9
                    ; sub rax, rcx
                    // divisor -(step + 1) + 1, unsigned (2^63 for the minimum integer)
                    ; lea r10, [r8 + 1]
                    ; neg r10
                    ; add r10, 1
                    ; xor edx, edx
                    ; div r10
                    ; =>store
                    ; mov [r13 + a + 16], rax
                    ; mov [r13 + a + 48], r9
                    ; mov QWORD [r13 + a + 56], T_INT as i32
                    ; jmp =>run
                    ; =>slow
                );
                self.call_branch(h_forprep, "h_forprep", pc, i, run, skip);
            }
            Op::TForPrep => {
                self.call_ok(h_tforprep, "h_tforprep", pc, i);
                let t = self.lab(pc + 1 + i.bx() as usize)?;
                asm!(self.ops ; jmp =>t);
            }
            Op::TForCall => self.call_ok(h_tforcall, "h_tforcall", pc, i),
            Op::TForLoop => {
                let body = (pc as i64 + 1 - i.bx() as i64) as usize;
                let done = self.lab(pc + 1)?;
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 72], T_NIL as i8
                    ; je =>done
                );
                self.copy_reg(a + 32, a + 64);
                self.back_jump(body)?;
            }
            Op::SetList => {
                self.call_ok(h_setlist, "h_setlist", pc, i);
                if i.k() {
                    let n = self.lab(pc + 2)?;
                    asm!(self.ops ; jmp =>n);
                }
            }
            Op::Closure => {
                if i.bx() as usize >= self.p.protos.len() {
                    return Err("bad CLOSURE index".into());
                }
                self.call_ok(h_closure, "h_closure", pc, i)
            }
            Op::VarArg => self.call_ok(h_vararg, "h_vararg", pc, i),
            Op::VarArgPrep => self.call_ok(h_varargprep, "h_varargprep", pc, i),
            Op::ExtraArg => {}
        }
        Ok(())
    }
}

/// Compiles a whole prototype.
pub fn compile(
    p: &LProto,
    tm_index: *mut LuaString,
    mcache: *const MethodCache,
    mode: Mode,
) -> Result<Compiled, String> {
    let code = &p.src.code;
    let n = code.len();
    let mut ops: VecAssembler<X64Relocation> = VecAssembler::new(0);
    let labels: Vec<DynamicLabel> = (0..n + 1).map(|_| ops.new_dynamic_label()).collect();
    let exit = ops.new_dynamic_label();
    let fc = fcache::FCache::new(code, &mut ops);
    let mut cx = Cx {
        ops,
        labels,
        exit,
        p,
        symbols: Vec::new(),
        tm_index,
        mcache,
        sites: {
            let n = code
                .iter()
                .filter(|i| matches!(i.op(), Op::GetField | Op::SelfOp))
                .count();
            // A metatable word of 1 matches no metatable (nor a null one).
            let mut v = vec![0u64; 3 * (n + 1)];
            for w in v.chunks_mut(3) {
                w[0] = 1;
            }
            v.into_boxed_slice()
        },
        site_next: 0,
        fbo: 0,
        stubs: Vec::new(),
        chain: None,
        mode,
        cold: Vec::new(),
        fall: None,
        skip_next: false,
        recompile_stubs: Vec::new(),
        fc,
        cold_mode: false,
    };
    let flag = crate::vm::interrupt::flag_address() as i64;
    cx.sym(flag as u64, "interrupt flag".into());
    // Entries: the generic one (offset 0, `EntryFn`, from Rust) and the Lua entry.
    let lua_entry = cx.entries(flag);
    let mut pc_offsets = Vec::with_capacity(n);
    for (pc, &i) in code.iter().enumerate() {
        let l = cx.labels[pc];
        pc_offsets.push(cx.ops.offset().0 as u32);
        // Out of line (see `Cold::Pc`; its offset is set there): the MMBIN after an
        // arithmetic instruction (which `Cx::arith` deferred itself) and a test's JMP.
        if std::mem::take(&mut cx.skip_next) {
            continue;
        }
        if i.op() == Op::Jmp && pc > 0 && code[pc - 1].op().is_test() {
            cx.cold.push(Cold::Pc(pc, i));
            continue;
        }
        cx.fall = if i.op().is_test() && code.get(pc + 1).map(|j| j.op()) == Some(Op::Jmp) {
            Some(cx.labels[pc + 2])
        } else {
            None
        };
        asm!(cx.ops ; =>l);
        cx.fbo = (pc * 4) as i32;
        cx.fc.enter(pc);
        cx.fc_before(pc, i);
        if pc == 0 {
            // Ctrl-C at function entry (the interpreter polls when it loads a frame): calls
            // between compiled functions never pass through the interpreter.
            let stub = cx.ops.new_dynamic_label();
            cx.stubs.push((stub, 0));
            asm!(cx.ops ; cmp BYTE [rbp], 0 ; jne =>stub);
            cx.count_for_recompile(0);
        }
        cx.op(pc, i)?;
    }
    // Falling off the end cannot happen (the last instruction is a return); trap.
    let end = cx.labels[n];
    asm!(cx.ops
        ; =>end
        ; ud2
    );
    // Out-of-line code (which may defer more).
    cx.fall = None;
    cx.cold_mode = true;
    let mut chain_done = false;
    loop {
        if cx.cold.is_empty() {
            // The shared `__index` chain subroutine (if some code used it) defers too.
            if chain_done || cx.chain.is_none() {
                break;
            }
            cx.emit_index_chain();
            chain_done = true;
            continue;
        }
        for c in std::mem::take(&mut cx.cold) {
            match c {
                Cold::Pc(pc, i) => {
                    let l = cx.labels[pc];
                    pc_offsets[pc] = cx.ops.offset().0 as u32;
                    asm!(cx.ops ; =>l);
                    cx.fbo = (pc * 4) as i32;
                    cx.op(pc, i)?;
                    if i.op() != Op::Jmp {
                        let next = cx.lab(pc + 1)?;
                        asm!(cx.ops ; jmp =>next);
                    }
                }
                Cold::Fn(fbo, f) => {
                    cx.fbo = fbo;
                    f(&mut cx)?;
                }
                Cold::Arith {
                    at,
                    slow,
                    pc,
                    i,
                    whole,
                } => {
                    cx.fbo = (pc * 4) as i32;
                    cx.arith_cold(pc, i, at, slow, whole)?;
                }
            }
        }
    }
    // Ctrl-C stubs of the back-edges.
    for (stub, target) in std::mem::take(&mut cx.stubs) {
        asm!(cx.ops ; =>stub);
        cx.call(h_interrupt, "h_interrupt", target, Instr(0));
        asm!(cx.ops ; jmp =>exit);
    }
    // Recompile stubs (`Mode::Counting`): `h_recompile` returns `ST_PUSHED` (or `ST_ERR`).
    for (stub, target) in std::mem::take(&mut cx.recompile_stubs) {
        asm!(cx.ops ; =>stub);
        cx.call(h_recompile, "h_recompile", target, Instr(0));
        asm!(cx.ops ; jmp =>exit);
    }
    // Float-cache reload stubs (also the interpreter's entries).
    let entry_offsets = cx.fc_stubs(&pc_offsets);
    // The frame's exit: drop the block at `[rsp]` and return the status in `eax` (to
    // `entries`' generic wrapper, or to a compiled caller).
    asm!(cx.ops
        ; =>exit
        ; pop rcx
        ; ret
    );
    let bytes = cx
        .ops
        .finalize()
        .map_err(|e| format!("assembler: {:?}", e))?;
    Ok(Compiled {
        code: bytes,
        pc_offsets,
        entry_offsets,
        lua_entry,
        symbols: cx.symbols,
        data: cx.sites,
    })
}
