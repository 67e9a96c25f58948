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
//! Entry (offset 0): `extern "sysv64" fn(l, closure, base, target) -> status` saves the
//! callee-saved registers, loads the pinned ones and jumps to `target`. Exit: the shared
//! epilogue returns the status in `eax`.

use super::helpers::*;
use super::{JitCode, JitState, ProtoJit, MAX_NATIVE_DEPTH, ST_OK, ST_RETURNED};
use crate::vm::state::{CallInfo, CIST_FRESH};
use crate::object::closure::{LClosure, LProto, UpVal};
use crate::object::string::LuaString;
use crate::object::table::{Node, Table};
use crate::value::*;
use crate::vm::state::State;
use crescent_frontend::{Instr, Op};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{dynasm, DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler};
use std::mem::{offset_of, size_of};

/// Output of [`compile`].
pub struct Compiled {
    pub code: Vec<u8>,
    pub pc_offsets: Vec<u32>,
    /// Names of absolute addresses embedded in the code (for dumps).
    pub symbols: Vec<(u64, String)>,
    pub data: Box<[u64]>,
}

const BASE_OFF: i32 = (offset_of!(State, jit) + offset_of!(JitState, base)) as i32;
const LCL_PROTO: i32 = offset_of!(LClosure, proto) as i32;
const LCL_UPVALS: i32 = size_of::<LClosure>() as i32;
const PROTO_K: i32 = offset_of!(LProto, k) as i32;
const UPVAL_V: i32 = offset_of!(UpVal, v) as i32;
const T_ASIZE: i32 = offset_of!(Table, asize) as i32;
const T_ARRAY: i32 = offset_of!(Table, array) as i32;
const T_NODE: i32 = offset_of!(Table, node) as i32;
const T_LSIZENODE: i32 = offset_of!(Table, lsizenode) as i32;
const T_METATABLE: i32 = offset_of!(Table, metatable) as i32;
const T_LASTFREE: i32 = offset_of!(Table, lastfree) as i32;
const T_FLAGS: i32 = offset_of!(Table, flags) as i32;
const S_HASH: i32 = offset_of!(LuaString, hash) as i32;
const NODE_SIZE: i32 = size_of::<Node>() as i32;
const N_VAL_V: i32 = offset_of!(Node, val_v) as i32;
const N_VAL_TT: i32 = offset_of!(Node, val_tt) as i32;
const N_KEY_TT: i32 = offset_of!(Node, key_tt) as i32;
const N_KEY_V: i32 = offset_of!(Node, key_v) as i32;
const N_NEXT: i32 = offset_of!(Node, next) as i32;

const S_CI: i32 = offset_of!(State, ci) as i32;
const S_TOP: i32 = offset_of!(State, top) as i32;
const S_MT_STRING: i32 = (offset_of!(State, mt) + crate::value::LuaType::String as usize * size_of::<*mut Table>()) as i32;
const J: usize = offset_of!(State, jit);
const J_STACK_PTR: i32 = (J + offset_of!(JitState, stack_ptr)) as i32;
const J_STACK_LIMIT: i32 = (J + offset_of!(JitState, stack_limit)) as i32;
const J_CIS_PTR: i32 = (J + offset_of!(JitState, cis_ptr)) as i32;
const J_CIS_LEN: i32 = (J + offset_of!(JitState, cis_len)) as i32;
const J_DEPTH: i32 = (J + offset_of!(JitState, depth)) as i32;
const J_FORCE_INTERP: i32 = (J + offset_of!(JitState, force_interp)) as i32;
const CI_SIZE: i32 = size_of::<CallInfo>() as i32;
// `inline_call` writes every field of a new `CallInfo` (func, top, savedpc, nresults, status,
// nextraargs): a new field must be initialised there too, hence this tripwire.
const _: () = assert!(size_of::<CallInfo>() == 40, "CallInfo changed: update inline_call");
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
const JC_ADDR: i32 = offset_of!(JitCode, addr) as i32;
const JC_ENTRY0: i32 = offset_of!(JitCode, entry0) as i32;
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
        (J_DEPTH, "jit.depth"),
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

#[inline(always)]
fn r(a: u32) -> i32 {
    (a as i32) * 16
}

/// A second arithmetic operand.
#[derive(Clone, Copy)]
enum Opnd {
    Reg(i32),
    Int(i64),
    Flt(f64),
    /// A constant that is not a number (the arithmetic always takes the slow path).
    Other,
}

struct Cx<'a> {
    ops: VecAssembler<X64Relocation>,
    labels: Vec<DynamicLabel>,
    exit: DynamicLabel,
    p: &'a LProto,
    symbols: Vec<(u64, String)>,
    /// The interned "__index" (for inline `__index` table lookups).
    tm_index: *mut LuaString,
    /// Offset of the current instruction's feedback cell from `rbx`.
    fbo: i32,
}

impl Cx<'_> {
    fn lab(&self, pc: usize) -> Result<DynamicLabel, String> {
        self.labels.get(pc).copied().ok_or_else(|| format!("jump target {} out of range", pc))
    }

    fn k(&self, i: u32) -> Result<Value, String> {
        self.p.consts.get(i as usize).copied().ok_or_else(|| format!("constant {} out of range", i))
    }

    fn sym(&mut self, v: u64, name: String) {
        self.symbols.push((v, name));
    }

    /// Calls helper `h` for the instruction at `pc`; reloads the base afterwards.
    fn call(&mut self, h: Helper, name: &str, pc: usize, i: Instr) {
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
    fn call_branch(&mut self, h: Helper, name: &str, pc: usize, i: Instr, l1: DynamicLabel, l2: DynamicLabel) {
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

    /// Records feedback bits in the current instruction's cell (`or byte [rbx + 4*pc]`).
    fn fb(&mut self, bits: u8) {
        let o = self.fbo;
        asm!(self.ops ; or BYTE [rbx + o], bits as i8);
    }

    /// Branch-direction recording around a conditional's targets: returns labels to use in
    /// place of (t, f); call `branch_tails` after the instruction's code.
    fn branch_wrap(&mut self, t: DynamicLabel, f: DynamicLabel) -> (DynamicLabel, DynamicLabel, [DynamicLabel; 4]) {
        let t2 = self.ops.new_dynamic_label();
        let f2 = self.ops.new_dynamic_label();
        (t2, f2, [t2, t, f2, f])
    }

    fn branch_tails(&mut self, w: [DynamicLabel; 4]) {
        let [t2, t, f2, f] = w;
        asm!(self.ops ; =>t2);
        self.fb(super::FB_TAKEN);
        asm!(self.ops ; jmp =>t ; =>f2);
        self.fb(super::FB_NOT_TAKEN);
        asm!(self.ops ; jmp =>f);
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
        asm!(self.ops ; mov BYTE [r13 + dst + 8], tt as i8);
    }

    /// rax = *(upvalue b)->v
    fn upval_ptr(&mut self, b: u32) {
        let off = LCL_UPVALS + (b as i32) * 8;
        asm!(self.ops
            ; mov rax, [r15 + off]
            ; mov rax, [rax + UPVAL_V]
        );
    }

    /// Looks up short string `key` in the table at `rax`; leaves the node in `rdx` or jumps
    /// to `miss`. Clobbers rcx, rsi.
    fn shortstr_lookup(&mut self, key: Value, miss: DynamicLabel) {
        // SAFETY: `key` is a short-string constant of the prototype (kept alive by it).
        let hash = unsafe { (*key.as_str()).hash };
        let kp = key.v as i64;
        self.sym(kp as u64, format!("\"{}\"", String::from_utf8_lossy(key.str_bytes())));
        let lp = self.ops.new_dynamic_label();
        let next = self.ops.new_dynamic_label();
        let found = self.ops.new_dynamic_label();
        asm!(self.ops
            ; movzx ecx, BYTE [rax + T_LSIZENODE]
            ; mov edx, 1
            ; shl edx, cl
            ; dec edx
            ; and edx, hash as i32
            ; imul rdx, rdx, NODE_SIZE
            ; add rdx, [rax + T_NODE]
            ; mov rsi, QWORD kp
            ; =>lp
            ; cmp [rdx + N_KEY_V], rsi
            ; jne =>next
            ; cmp BYTE [rdx + N_KEY_TT], T_SHRSTR as i8
            ; je =>found
            ; =>next
            ; movsxd rcx, DWORD [rdx + N_NEXT]
            ; test rcx, rcx
            ; jz =>miss
            ; imul rcx, rcx, NODE_SIZE
            ; add rdx, rcx
            ; jmp =>lp
            ; =>found
        );
    }

    /// As `shortstr_lookup` with the key (a short string) in `rsi` at run time.
    fn shortstr_lookup_dyn(&mut self, miss: DynamicLabel) {
        let lp = self.ops.new_dynamic_label();
        let next = self.ops.new_dynamic_label();
        let found = self.ops.new_dynamic_label();
        asm!(self.ops
            ; movzx ecx, BYTE [rax + T_LSIZENODE]
            ; mov edx, 1
            ; shl edx, cl
            ; dec edx
            ; and edx, DWORD [rsi + S_HASH]
            ; imul rdx, rdx, NODE_SIZE
            ; add rdx, [rax + T_NODE]
            ; =>lp
            ; cmp [rdx + N_KEY_V], rsi
            ; jne =>next
            ; cmp BYTE [rdx + N_KEY_TT], T_SHRSTR as i8
            ; je =>found
            ; =>next
            ; movsxd rcx, DWORD [rdx + N_NEXT]
            ; test rcx, rcx
            ; jz =>miss
            ; imul rcx, rcx, NODE_SIZE
            ; add rdx, rcx
            ; jmp =>lp
            ; =>found
        );
    }

    /// `rax` = slot of `R[t][R[k]]` (a table) by `Table::get`, `edx` = its tag; jumps to
    /// `absent` when the value is nil.
    fn raw_lookup(&mut self, t: i32, k: i32, absent: DynamicLabel) {
        let f = jit_get_raw as *const () as usize as i64;
        self.sym(f as u64, "jit_get_raw".into());
        asm!(self.ops
            ; mov rdi, r12
            ; mov rsi, [r13 + t]
            ; lea rdx, [r13 + k]
            ; mov rax, QWORD f
            ; call rax
            ; movzx edx, BYTE [rax + 8]
            ; cmp edx, T_NIL as i32
            ; je =>absent
        );
    }

    /// Node in rdx holds a non-nil value: copy it to register `dst`, else jump to `miss`.
    fn node_get(&mut self, dst: i32, miss: DynamicLabel) {
        asm!(self.ops
            ; movzx ecx, BYTE [rdx + N_VAL_TT]
            ; cmp ecx, T_NIL as i32
            ; je =>miss
            ; mov rax, [rdx + N_VAL_V]
            ; mov [r13 + dst], rax
            ; mov [r13 + dst + 8], rcx
        );
    }

    /// `t[key]` is nil for the table at `rax`: the result is nil without a metatable or a
    /// cached-absent `__index`; through `__index` tables (up to 4 levels: class hierarchies),
    /// inline; anything else (functions, longer chains) jumps to `slow`.
    /// With `mt_entry`: also an entry label where `rax` holds the metatable of a non-table
    /// receiver (strings).
    fn index_chain_at(&mut self, a: i32, key: Value, slow: DynamicLabel, done: DynamicLabel, mt_entry: Option<DynamicLabel>) {
        let nil = self.ops.new_dynamic_label();
        let lp = self.ops.new_dynamic_label();
        let absent = self.ops.new_dynamic_label();
        // The fixed "__index" string lives as long as the state.
        let tm = Value::str(self.tm_index);
        let checked = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov r9d, 4
            ; =>lp
            ; mov rax, [rax + T_METATABLE]
            ; test rax, rax
            ; jz =>nil
            ; test DWORD [rax + T_FLAGS], 1 << (crate::vm::TM::Index as u32)
            ; jnz =>nil
            ; =>checked
        );
        self.shortstr_lookup(tm, slow);
        asm!(self.ops
            ; cmp BYTE [rdx + N_VAL_TT], T_TABLE as i8
            ; jne =>slow
            ; mov rax, [rdx + N_VAL_V]
        );
        self.shortstr_lookup(key, absent);
        self.node_get(a, absent);
        self.fb(super::FB_CHAIN);
        asm!(self.ops
            ; jmp =>done
            ; =>absent
            ; dec r9d
            ; jnz =>lp
            ; jmp =>slow
        );
        if let Some(e) = mt_entry {
            // No metatable or no `__index` is an error for non-tables: the helper raises it.
            asm!(self.ops
                ; =>e
                ; test rax, rax
                ; jz =>slow
                ; test DWORD [rax + T_FLAGS], 1 << (crate::vm::TM::Index as u32)
                ; jnz =>slow
                ; mov r9d, 4
                ; jmp =>checked
            );
        }
        asm!(self.ops
            ; =>nil
            ; mov QWORD [r13 + a], 0
            ; mov BYTE [r13 + a + 8], T_NIL as i8
            ; jmp =>done
        );
    }

    /// Loads the value of RK(C) into rax (payload) / ecx (tag).
    fn load_rk(&mut self, i: Instr) {
        if i.k() {
            let off = (i.c() as i32) * 16;
            asm!(self.ops ; mov rax, [r14 + off] ; movzx ecx, BYTE [r14 + off + 8]);
        } else {
            let off = r(i.c());
            asm!(self.ops ; mov rax, [r13 + off] ; movzx ecx, BYTE [r13 + off + 8]);
        }
    }

    /// Loads register `off` as a float into xmm0 (`second` false) or xmm1, converting an
    /// integer; jumps to `slow` for other types.
    fn load_flt_reg(&mut self, off: i32, second: bool, slow: DynamicLabel) {
        let isf = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp BYTE [r13 + off + 8], T_FLT as i8
            ; je =>isf
            ; cmp BYTE [r13 + off + 8], T_INT as i8
            ; jne =>slow
        );
        if second {
            asm!(self.ops ; cvtsi2sd xmm1, QWORD [r13 + off] ; jmp =>done ; =>isf ; movsd xmm1, [r13 + off] ; =>done);
        } else {
            asm!(self.ops ; cvtsi2sd xmm0, QWORD [r13 + off] ; jmp =>done ; =>isf ; movsd xmm0, [r13 + off] ; =>done);
        }
    }

    fn load_flt_const(&mut self, f: f64) {
        let bits = f.to_bits() as i64;
        asm!(self.ops ; mov rax, QWORD bits ; movq xmm1, rax);
    }

    /// Arithmetic instruction at `pc` (followed by its MMBIN at pc + 1).
    fn arith(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let op = i.op();
        let a = r(i.a());
        let b = r(i.b());
        let next = self.lab(pc + 2)?;
        let slow = self.ops.new_dynamic_label();
        if !self.p.src.code.get(pc + 1).map(|n| n.op().is_mm()).unwrap_or(false) {
            return Err(format!("arithmetic at {} without MMBIN", pc));
        }
        let opnd = match op {
            Op::AddI => Opnd::Int(i.sc() as i64),
            Op::AddK | Op::SubK | Op::MulK | Op::ModK | Op::PowK | Op::DivK | Op::IDivK | Op::BAndK | Op::BOrK
            | Op::BXorK => {
                let kv = self.k(i.c())?;
                match kv.tt {
                    T_INT => Opnd::Int(kv.as_int()),
                    T_FLT => Opnd::Flt(kv.as_flt()),
                    _ => Opnd::Other,
                }
            }
            Op::ShrI | Op::ShlI => Opnd::Int(i.sc() as i64),
            _ => Opnd::Reg(r(i.c())),
        };
        let int_ok = !matches!(opnd, Opnd::Flt(_) | Opnd::Other);
        let flt_ok = !matches!(opnd, Opnd::Other);
        let int_op = matches!(
            op,
            Op::AddI | Op::AddK | Op::Add | Op::SubK | Op::Sub | Op::MulK | Op::Mul | Op::ModK | Op::Mod | Op::IDivK
                | Op::IDiv | Op::BAndK | Op::BAnd | Op::BOrK | Op::BOr | Op::BXorK | Op::BXor | Op::ShrI
        );
        let flt_op = matches!(
            op,
            Op::AddI | Op::AddK | Op::Add | Op::SubK | Op::Sub | Op::MulK | Op::Mul | Op::DivK | Op::Div
        );
        let fpath = self.ops.new_dynamic_label();
        if int_op && int_ok {
            // Integer path: rax = R[B], rcx = operand.
            asm!(self.ops ; cmp BYTE [r13 + b + 8], T_INT as i8 ; jne =>fpath);
            match opnd {
                Opnd::Reg(c) => asm!(self.ops ; cmp BYTE [r13 + c + 8], T_INT as i8 ; jne =>fpath ; mov rcx, [r13 + c]),
                Opnd::Int(v) => asm!(self.ops ; mov rcx, QWORD v),
                _ => unreachable!(),
            }
            asm!(self.ops ; mov rax, [r13 + b]);
            match op {
                Op::AddI | Op::AddK | Op::Add => asm!(self.ops ; add rax, rcx),
                Op::SubK | Op::Sub => asm!(self.ops ; sub rax, rcx),
                Op::MulK | Op::Mul => asm!(self.ops ; imul rax, rcx),
                Op::BAndK | Op::BAnd => asm!(self.ops ; and rax, rcx),
                Op::BOrK | Op::BOr => asm!(self.ops ; or rax, rcx),
                Op::BXorK | Op::BXor => asm!(self.ops ; xor rax, rcx),
                Op::ShrI => {
                    let sc = i.sc();
                    if sc >= 64 || sc <= -64 {
                        asm!(self.ops ; xor eax, eax);
                    } else if sc >= 0 {
                        asm!(self.ops ; shr rax, sc as i8);
                    } else {
                        asm!(self.ops ; shl rax, (-sc) as i8);
                    }
                }
                Op::ModK | Op::Mod => {
                    let store = self.ops.new_dynamic_label();
                    asm!(self.ops
                        ; lea rdx, [rcx + 1]
                        ; cmp rdx, 1
                        ; jbe =>slow
                        ; cqo
                        ; idiv rcx
                        ; test rdx, rdx
                        ; jz =>store
                        ; mov rax, rdx
                        ; xor rax, rcx
                        ; jns =>store
                        ; add rdx, rcx
                        ; =>store
                        ; mov rax, rdx
                    );
                }
                _ => {
                    // IDIV
                    let store = self.ops.new_dynamic_label();
                    asm!(self.ops
                        ; lea rdx, [rcx + 1]
                        ; cmp rdx, 1
                        ; jbe =>slow
                        ; cqo
                        ; idiv rcx
                        ; test rdx, rdx
                        ; jz =>store
                        ; xor rdx, rcx
                        ; jns =>store
                        ; dec rax
                        ; =>store
                    );
                }
            }
            asm!(self.ops
                ; mov [r13 + a], rax
                ; mov BYTE [r13 + a + 8], T_INT as i8
            );
            self.fb(super::FB_INT);
            asm!(self.ops ; jmp =>next);
        }
        asm!(self.ops ; =>fpath);
        if flt_op && flt_ok {
            self.load_flt_reg(b, false, slow);
            match opnd {
                Opnd::Reg(c) => self.load_flt_reg(c, true, slow),
                Opnd::Int(v) => self.load_flt_const(v as f64),
                Opnd::Flt(f) => self.load_flt_const(f),
                Opnd::Other => unreachable!(),
            }
            match op {
                Op::AddI | Op::AddK | Op::Add => asm!(self.ops ; addsd xmm0, xmm1),
                Op::SubK | Op::Sub => asm!(self.ops ; subsd xmm0, xmm1),
                Op::MulK | Op::Mul => asm!(self.ops ; mulsd xmm0, xmm1),
                _ => asm!(self.ops ; divsd xmm0, xmm1),
            }
            asm!(self.ops
                ; movsd [r13 + a], xmm0
                ; mov BYTE [r13 + a + 8], T_FLT as i8
            );
            self.fb(super::FB_FLT);
            asm!(self.ops ; jmp =>next);
        }
        asm!(self.ops ; =>slow);
        self.fb(super::FB_OTHER);
        self.call_ok(h_arith, "h_arith", pc, i);
        asm!(self.ops ; jmp =>next);
        Ok(())
    }

    /// CALL with fixed arguments of a compiled Lua function: pushes the frame and calls its
    /// code natively (what `precall` + `h_call` do, for the common case); falls through to
    /// the helper otherwise.
    fn inline_call(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let nargs = i.b() as i32 - 1;
        let nresults = i.c() as i32 - 1;
        let slow = self.ops.new_dynamic_label();
        let next = self.lab(pc + 1)?;
        let exit = self.exit;
        let fbo = self.fbo;
        asm!(self.ops
            // r11 = &cis[ci]; save the pc (the callee's traceback and errors use it)
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; mov QWORD [r11 + CI_SAVEDPC], (pc + 1) as i32
            ; cmp BYTE [r13 + a + 8], T_LCL as i8
            ; jne =>slow
            ; mov rsi, [r13 + a]
            ; mov rax, [rsi + LCL_PROTO]
            ; mov r8, [rax + P_JIT_CODE]
            ; test r8, r8
            ; jz =>slow
            ; cmp BYTE [rax + P_NUMPARAMS], nargs as i8
            ; ja =>slow
            ; movzx r9d, BYTE [rax + P_MAXSTACK]
            ; shl r9, 4
            ; lea rdx, [r13 + a + 16]
            // room for the frame above the arguments (`check_stack(fsize)` in precall)
            ; lea rcx, [rdx + r9 + nargs * 16]
            ; cmp rcx, [r12 + J_STACK_LIMIT]
            ; ja =>slow
            ; cmp DWORD [r12 + J_DEPTH], MAX_NATIVE_DEPTH as i32
            ; jae =>slow
            // debug hooks: callees run in the interpreter
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>slow
            ; lea rax, [r10 + 1]
            ; cmp rax, [r12 + J_CIS_LEN]
            ; jae =>slow
            // the new CallInfo
            ; lea rcx, [rdx + r9]
            ; mov rdi, [r12 + J_STACK_PTR]
            ; sub rcx, rdi
            ; shr rcx, 4
            ; mov [r11 + CI_SIZE + CI_TOP], rcx
            ; lea rcx, [r13 + a]
            ; sub rcx, rdi
            ; shr rcx, 4
            ; mov [r11 + CI_SIZE + CI_FUNC], rcx
            ; mov QWORD [r11 + CI_SIZE + CI_SAVEDPC], 0
            ; mov DWORD [r11 + CI_SIZE + CI_NRESULTS], nresults
            ; mov WORD [r11 + CI_SIZE + CI_STATUS], 0
            ; mov DWORD [r11 + CI_SIZE + CI_NEXTRA], 0
            ; mov [r12 + S_CI], rax
            ; add rcx, nargs + 1
            ; mov [r12 + S_TOP], rcx
            // the native call (as `run_native`)
            ; inc DWORD [r12 + J_DEPTH]
            ; inc DWORD [r8 + JC_ACTIVE]
            ; push r8
            ; mov rax, r13
            ; sub rax, rdi
            ; push rax
            ; mov rdi, r12
            ; mov rcx, [r8 + JC_ENTRY0]
            ; or BYTE [rbx + fbo], super::FB_INT as i8
            ; call QWORD [r8 + JC_ADDR]
            ; pop r13
            ; add r13, [r12 + J_STACK_PTR]
            ; pop r8
            ; dec DWORD [r8 + JC_ACTIVE]
            ; dec DWORD [r12 + J_DEPTH]
            ; cmp eax, ST_RETURNED as i32
            ; je =>next
            // an error, or a deeper frame left to the interpreter: unwind
            ; jmp =>exit
            ; =>slow
        );
        Ok(())
    }

    /// RETURN0/RETURN1 of a frame that is not fresh and whose caller wants 0, 1 or all
    /// results (what `h_return` does for these); falls through to the helper otherwise.
    fn inline_return(&mut self, i: Instr) {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        let one = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        let exit = self.exit;
        asm!(self.ops
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; test WORD [r11 + CI_STATUS], CIST_FRESH as i16
            ; jnz =>slow
            ; mov rcx, [r11 + CI_FUNC]
            ; mov edx, DWORD [r11 + CI_NRESULTS]
            ; cmp edx, 0
            ; je =>done
            ; cmp edx, 1
            ; je =>one
            ; cmp edx, -1
            ; jne =>slow
            ; =>one
        );
        if i.op() == Op::Return1 {
            asm!(self.ops
                ; mov rax, [r13 + a]
                ; mov rdx, [r13 + a + 8]
                ; mov [r13 - 16], rax
                ; mov [r13 - 8], rdx
                ; inc rcx
            );
        } else {
            // RETURN0 with one result wanted: nil; with all results wanted: none.
            let none = self.ops.new_dynamic_label();
            asm!(self.ops
                ; cmp edx, -1
                ; je =>none
                ; mov QWORD [r13 - 16], 0
                ; mov BYTE [r13 - 8], T_NIL as i8
                ; inc rcx
                ; =>none
            );
        }
        asm!(self.ops
            ; =>done
            ; mov [r12 + S_TOP], rcx
            ; dec r10
            ; mov [r12 + S_CI], r10
            ; mov eax, ST_RETURNED as i32
            ; jmp =>exit
            ; =>slow
        );
    }

    /// RETURN of B-1 values (no upvalues to close, not vararg) from a frame that is not
    /// fresh, when the caller wants all results or at most that many; else falls through.
    fn inline_return_n(&mut self, i: Instr) {
        let a = r(i.a());
        let n = i.b() as i32 - 1;
        let slow = self.ops.new_dynamic_label();
        let fixed = self.ops.new_dynamic_label();
        let copied = self.ops.new_dynamic_label();
        let exit = self.exit;
        asm!(self.ops
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; test WORD [r11 + CI_STATUS], CIST_FRESH as i16
            ; jnz =>slow
            ; mov rcx, [r11 + CI_FUNC]
            ; mov edx, DWORD [r11 + CI_NRESULTS]
            ; cmp edx, -1
            ; jne =>fixed
            ; mov edx, n
            ; =>fixed
            ; cmp edx, n
            ; ja =>slow
        );
        for j in 0..n {
            asm!(self.ops
                ; cmp edx, j
                ; jle =>copied
                ; mov rax, [r13 + a + j * 16]
                ; mov rsi, [r13 + a + j * 16 + 8]
                ; mov [r13 - 16 + j * 16], rax
                ; mov [r13 - 8 + j * 16], rsi
            );
        }
        asm!(self.ops
            ; =>copied
            ; add rcx, rdx
            ; mov [r12 + S_TOP], rcx
            ; dec r10
            ; mov [r12 + S_CI], r10
            ; mov eax, ST_RETURNED as i32
            ; jmp =>exit
            ; =>slow
        );
    }

    /// Conditional jump tail: `t` taken when the condition is true. For a test instruction
    /// at `pc` with flag `k`, the jump (instruction pc + 1) is taken when cond == k.
    fn cond_targets(&self, pc: usize, i: Instr) -> Result<(DynamicLabel, DynamicLabel), String> {
        let j = *self.p.src.code.get(pc + 1).ok_or("test at end of code")?;
        let target = (pc as i64 + 2 + j.sj() as i64) as usize;
        let jl = self.lab(target)?;
        let skip = self.lab(pc + 2)?;
        Ok(if i.k() { (jl, skip) } else { (skip, jl) })
    }

    /// `cond_targets` with branch-direction recording (see `branch_wrap`).
    fn cond_targets_fb(&mut self, pc: usize, i: Instr) -> Result<(DynamicLabel, DynamicLabel, [DynamicLabel; 4]), String> {
        let (t, f) = self.cond_targets(pc, i)?;
        // "taken" = the jump (pc + 1) is taken.
        let (t2, f2, w) = if i.k() { self.branch_wrap(t, f) } else {
            let (f2, t2, w) = self.branch_wrap(f, t);
            (t2, f2, w)
        };
        Ok((t2, f2, w))
    }

    fn op(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let exit = self.exit;
        match i.op() {
            Op::Move => self.copy_reg(a, r(i.b())),
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
            Op::GetTabUp | Op::GetField | Op::SelfOp => {
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                let key = match i.op() {
                    Op::SelfOp if !i.k() => Value::NIL,
                    _ => self.k(i.c())?,
                };
                if i.op() == Op::SelfOp {
                    self.copy_reg(a + 16, r(i.b()));
                }
                if key.tt == T_SHRSTR {
                    if i.op() == Op::GetTabUp {
                        self.upval_ptr(i.b());
                        asm!(self.ops
                            ; cmp BYTE [rax + 8], T_TABLE as i8
                            ; jne =>slow
                            ; mov rax, [rax]
                        );
                    }
                    let strmt = self.ops.new_dynamic_label();
                    if i.op() != Op::GetTabUp {
                        // Tables; strings (methods through the string metatable).
                        let b = r(i.b());
                        let tab = self.ops.new_dynamic_label();
                        asm!(self.ops
                            ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                            ; je =>tab
                            ; cmp BYTE [r13 + b + 8], T_SHRSTR as i8
                            ; je =>strmt
                            ; cmp BYTE [r13 + b + 8], T_LNGSTR as i8
                            ; jne =>slow
                            ; jmp =>strmt
                            ; =>tab
                            ; mov rax, [r13 + b]
                        );
                    }
                    let absent = self.ops.new_dynamic_label();
                    self.shortstr_lookup(key, absent);
                    self.node_get(a, absent);
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done ; =>absent);
                    if i.op() == Op::GetTabUp {
                        asm!(self.ops ; jmp =>slow);
                    } else {
                        let entry = self.ops.new_dynamic_label();
                        self.index_chain_at(a, key, slow, done, Some(entry));
                        asm!(self.ops
                            ; =>strmt
                            ; mov rax, [r12 + S_MT_STRING]
                            ; jmp =>entry
                        );
                    }
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_SLOW);
                self.call_ok(h_get, "h_get", pc, i);
            }
            Op::GetTable | Op::GetI => {
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                let b = r(i.b());
                if i.op() == Op::GetTable {
                    let c = r(i.c());
                    let strkey = self.ops.new_dynamic_label();
                    let raw = self.ops.new_dynamic_label();
                    asm!(self.ops
                        ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                        ; jne =>slow
                        ; cmp BYTE [r13 + c + 8], T_INT as i8
                        ; jne =>strkey
                        ; mov rax, [r13 + b]
                        ; mov rcx, [r13 + c]
                        ; sub rcx, 1
                        ; mov edx, DWORD [rax + T_ASIZE]
                        ; cmp rcx, rdx
                        ; jae =>raw
                        ; shl rcx, 4
                        ; add rcx, [rax + T_ARRAY]
                        ; movzx edx, BYTE [rcx + 8]
                        ; cmp edx, T_NIL as i32
                        ; je =>slow
                        ; mov rax, [rcx]
                        ; mov [r13 + a], rax
                        ; mov [r13 + a + 8], rdx
                    );
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done);
                    // A short-string key: walk the hash chain.
                    asm!(self.ops
                        ; =>strkey
                        ; cmp BYTE [r13 + c + 8], T_SHRSTR as i8
                        ; jne =>raw
                        ; mov rax, [r13 + b]
                        ; mov rsi, [r13 + c]
                    );
                    self.shortstr_lookup_dyn(slow);
                    self.node_get(a, slow);
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done ; =>raw);
                    // Other keys (and integers outside the array part): a raw lookup by a
                    // plain call; absent keys go to the helper (metatables).
                    self.raw_lookup(b, c, slow);
                    asm!(self.ops
                        ; mov rcx, [rax]
                        ; mov [r13 + a], rcx
                        ; mov [r13 + a + 8], rdx
                    );
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done);
                } else if i.c() > 0 {
                    let c = i.c() as i32;
                    asm!(self.ops
                        ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                        ; jne =>slow
                        ; mov rax, [r13 + b]
                        ; cmp DWORD [rax + T_ASIZE], c
                        ; jb =>slow
                        ; mov rcx, [rax + T_ARRAY]
                        ; movzx edx, BYTE [rcx + (c - 1) * 16 + 8]
                        ; cmp edx, T_NIL as i32
                        ; je =>slow
                        ; mov rax, [rcx + (c - 1) * 16]
                        ; mov [r13 + a], rax
                        ; mov [r13 + a + 8], rdx
                    );
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done);
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_SLOW);
                self.call_ok(h_get, "h_get", pc, i);
            }
            Op::SetTabUp | Op::SetField => {
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                let key = self.k(i.b())?;
                if i.k() {
                    self.k(i.c())?;
                }
                if key.tt == T_SHRSTR {
                    if i.op() == Op::SetTabUp {
                        self.upval_ptr(i.a());
                        asm!(self.ops
                            ; cmp BYTE [rax + 8], T_TABLE as i8
                            ; jne =>slow
                            ; mov rax, [rax]
                        );
                    } else {
                        asm!(self.ops
                            ; cmp BYTE [r13 + a + 8], T_TABLE as i8
                            ; jne =>slow
                            ; mov rax, [r13 + a]
                        );
                    }
                    let absent = self.ops.new_dynamic_label();
                    self.shortstr_lookup(key, absent);
                    asm!(self.ops
                        ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                        ; je =>slow
                    );
                    self.load_rk(i);
                    asm!(self.ops
                        ; mov [rdx + N_VAL_V], rax
                        ; mov [rdx + N_VAL_TT], cl
                    );
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done);
                    // A new key (`Table::new_key` when the main position is free): no
                    // metatable, a real hash part, a non-nil value.
                    // SAFETY: short-string constant of the prototype.
                    let hash = unsafe { (*key.as_str()).hash };
                    let kp = key.v as i64;
                    asm!(self.ops
                        ; =>absent
                        ; mov r8, rax
                        ; cmp QWORD [r8 + T_METATABLE], 0
                        ; jne =>slow
                        ; cmp QWORD [r8 + T_LASTFREE], 0
                        ; je =>slow
                        ; movzx ecx, BYTE [r8 + T_LSIZENODE]
                        ; mov edx, 1
                        ; shl edx, cl
                        ; dec edx
                        ; and edx, hash as i32
                        ; imul rdx, rdx, NODE_SIZE
                        ; add rdx, [r8 + T_NODE]
                        ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                        ; jne =>slow
                    );
                    self.load_rk(i);
                    asm!(self.ops
                        ; cmp ecx, T_NIL as i32
                        ; je =>slow
                        ; mov [rdx + N_VAL_V], rax
                        ; mov [rdx + N_VAL_TT], cl
                        ; mov rsi, QWORD kp
                        ; mov [rdx + N_KEY_V], rsi
                        ; mov BYTE [rdx + N_KEY_TT], T_SHRSTR as i8
                        ; mov DWORD [r8 + T_FLAGS], 0
                    );
                    self.fb(super::FB_CHAIN);
                    asm!(self.ops ; jmp =>done);
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_SLOW);
                self.call_ok(h_set, "h_set", pc, i);
            }
            Op::SetTable | Op::SetI => {
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                if i.k() {
                    self.k(i.c())?;
                }
                let store = self.ops.new_dynamic_label();
                let mut raw: Option<DynamicLabel> = None;
                let fast = i.op() == Op::SetTable || i.b() > 0;
                let outside = self.ops.new_dynamic_label();
                if fast {
                    asm!(self.ops
                        ; cmp BYTE [r13 + a + 8], T_TABLE as i8
                        ; jne =>slow
                        ; mov rsi, [r13 + a]
                    );
                    if i.op() == Op::SetTable {
                        let b = r(i.b());
                        let intkey = self.ops.new_dynamic_label();
                        raw = Some(self.ops.new_dynamic_label());
                        let raw = raw.unwrap();
                        asm!(self.ops
                            ; cmp BYTE [r13 + b + 8], T_INT as i8
                            ; je =>intkey
                            // a short-string key with an existing non-nil value: store
                            ; cmp BYTE [r13 + b + 8], T_SHRSTR as i8
                            ; jne =>raw
                            ; mov rax, rsi
                            ; mov rsi, [r13 + b]
                        );
                        self.shortstr_lookup_dyn(slow);
                        asm!(self.ops
                            ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                            ; je =>slow
                        );
                        self.load_rk(i);
                        asm!(self.ops
                            ; mov [rdx + N_VAL_V], rax
                            ; mov [rdx + N_VAL_TT], cl
                        );
                        self.fb(super::FB_HIT);
                        asm!(self.ops
                            ; jmp =>done
                            ; =>intkey
                            ; mov rdx, [r13 + b]
                        );
                    } else {
                        asm!(self.ops ; mov edx, i.b() as i32);
                    }
                    asm!(self.ops
                        ; sub rdx, 1
                        ; mov eax, DWORD [rsi + T_ASIZE]
                        ; cmp rdx, rax
                        ; jae =>outside
                        ; shl rdx, 4
                        ; add rdx, [rsi + T_ARRAY]
                        ; cmp BYTE [rdx + 8], T_NIL as i8
                        ; jne =>store
                        // Empty slot: a raw store unless the table has a metatable.
                        ; cmp QWORD [rsi + T_METATABLE], 0
                        ; jne =>slow
                        ; mov DWORD [rsi + T_FLAGS], 0
                        ; =>store
                    );
                    self.load_rk(i);
                    asm!(self.ops
                        ; mov [rdx], rax
                        ; mov [rdx + 8], cl
                    );
                    self.fb(super::FB_HIT);
                    asm!(self.ops ; jmp =>done ; =>outside);
                    if let Some(rl) = raw {
                        // Other keys (and integers outside the array part): an existing
                        // non-nil slot found by a plain call is overwritten.
                        asm!(self.ops ; =>rl);
                        let b = r(i.b());
                        self.raw_lookup(a, b, slow);
                        asm!(self.ops ; mov rdx, rax);
                        self.load_rk(i);
                        asm!(self.ops
                            ; mov [rdx], rax
                            ; mov [rdx + 8], cl
                        );
                        self.fb(super::FB_HIT);
                        asm!(self.ops ; jmp =>done);
                    } else {
                        asm!(self.ops ; jmp =>slow);
                    }
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_SLOW);
                self.call_ok(h_set, "h_set", pc, i);
            }
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
                    ; mov BYTE [r13 + a + 8], T_INT as i8
                    ; jmp =>done
                    ; =>flt
                    ; cmp BYTE [r13 + b + 8], T_FLT as i8
                    ; jne =>slow
                    ; mov rax, [r13 + b]
                    ; btc rax, 63
                    ; mov [r13 + a], rax
                    ; mov BYTE [r13 + a + 8], T_FLT as i8
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
                    ; mov BYTE [r13 + a + 8], T_INT as i8
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
                    ; mov BYTE [r13 + a + 8], al
                );
            }
            Op::Len => {
                // A table without metatable: its border, by a plain function call.
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let done = self.lab(pc + 1)?;
                let f = jit_table_len as *const () as usize as i64;
                self.sym(f as u64, "jit_table_len".into());
                asm!(self.ops
                    ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                    ; jne =>slow
                    ; mov rdi, [r13 + b]
                    ; cmp QWORD [rdi + T_METATABLE], 0
                    ; jne =>slow
                    ; mov rax, QWORD f
                    ; call rax
                    ; mov [r13 + a], rax
                    ; mov BYTE [r13 + a + 8], T_INT as i8
                    ; jmp =>done
                    ; =>slow
                );
                self.call_ok(h_unary, "h_unary", pc, i)
            }
            Op::Concat => self.call_ok(h_concat, "h_concat", pc, i),
            Op::Close => self.call_ok(h_close, "h_close", pc, i),
            Op::Tbc => self.call_ok(h_tbc, "h_tbc", pc, i),
            Op::Jmp => {
                let t = self.lab((pc as i64 + 1 + i.sj() as i64) as usize)?;
                asm!(self.ops ; jmp =>t);
            }
            Op::Eq => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let mask: u32 = (1 << T_NIL) | (1 << T_FALSE) | (1 << T_TRUE) | (1 << T_INT) | (1 << T_SHRSTR) | (1 << T_LCL) | (1 << T_LCF);
                asm!(self.ops
                    ; movzx eax, BYTE [r13 + a + 8]
                    ; cmp al, BYTE [r13 + b + 8]
                    ; jne =>slow
                    ; mov ecx, mask as i32
                    ; bt ecx, eax
                    ; jnc =>slow
                    ; mov rax, [r13 + a]
                    ; cmp rax, [r13 + b]
                    ; je =>t
                    ; jmp =>f
                    ; =>slow
                );
                self.fb(super::FB_OTHER);
                self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
                self.branch_tails(w);
            }
            Op::Lt | Op::Le => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                let b = r(i.b());
                let slow = self.ops.new_dynamic_label();
                let flt = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>flt
                    ; cmp BYTE [r13 + b + 8], T_INT as i8
                    ; jne =>slow
                );
                self.fb(super::FB_INT);
                asm!(self.ops
                    ; mov rax, [r13 + a]
                    ; cmp rax, [r13 + b]
                );
                if i.op() == Op::Lt {
                    asm!(self.ops ; jl =>t ; jmp =>f);
                } else {
                    asm!(self.ops ; jle =>t ; jmp =>f);
                }
                asm!(self.ops
                    ; =>flt
                    ; cmp BYTE [r13 + a + 8], T_FLT as i8
                    ; jne =>slow
                    ; cmp BYTE [r13 + b + 8], T_FLT as i8
                    ; jne =>slow
                );
                self.fb(super::FB_FLT);
                asm!(self.ops
                    ; movsd xmm0, [r13 + b]
                    ; ucomisd xmm0, [r13 + a]
                );
                if i.op() == Op::Lt {
                    asm!(self.ops ; ja =>t ; jmp =>f);
                } else {
                    asm!(self.ops ; jae =>t ; jmp =>f);
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_OTHER);
                self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
                self.branch_tails(w);
            }
            Op::EqK => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                let kv = self.k(i.b())?;
                let slow = self.ops.new_dynamic_label();
                match kv.tt {
                    T_NIL | T_FALSE | T_TRUE => {
                        asm!(self.ops ; cmp BYTE [r13 + a + 8], kv.tt as i8 ; je =>t ; jmp =>f);
                    }
                    T_INT => {
                        let v = kv.as_int();
                        let other = self.ops.new_dynamic_label();
                        asm!(self.ops
                            ; cmp BYTE [r13 + a + 8], T_INT as i8
                            ; jne =>other
                            ; mov rax, QWORD v
                            ; cmp [r13 + a], rax
                            ; je =>t
                            ; jmp =>f
                            ; =>other
                            ; cmp BYTE [r13 + a + 8], T_FLT as i8
                            ; jne =>f
                        );
                    }
                    T_SHRSTR => {
                        let v = kv.v as i64;
                        self.sym(kv.v, format!("\"{}\"", String::from_utf8_lossy(kv.str_bytes())));
                        asm!(self.ops
                            ; cmp BYTE [r13 + a + 8], T_SHRSTR as i8
                            ; jne =>f
                            ; mov rax, QWORD v
                            ; cmp [r13 + a], rax
                            ; je =>t
                            ; jmp =>f
                        );
                    }
                    _ => {}
                }
                asm!(self.ops ; =>slow);
                self.fb(super::FB_OTHER);
                self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
                self.branch_tails(w);
            }
            Op::EqI => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                let slow = self.ops.new_dynamic_label();
                let im = i.sb();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>slow
                    ; cmp QWORD [r13 + a], im
                    ; je =>t
                    ; jmp =>f
                    ; =>slow
                    ; cmp BYTE [r13 + a + 8], T_FLT as i8
                    ; jne =>f
                );
                self.fb(super::FB_OTHER);
                self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
                self.branch_tails(w);
            }
            Op::LtI | Op::LeI | Op::GtI | Op::GeI => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                let slow = self.ops.new_dynamic_label();
                let im = i.sb();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>slow
                    ; cmp QWORD [r13 + a], im
                );
                match i.op() {
                    Op::LtI => asm!(self.ops ; jl =>t),
                    Op::LeI => asm!(self.ops ; jle =>t),
                    Op::GtI => asm!(self.ops ; jg =>t),
                    _ => asm!(self.ops ; jge =>t),
                }
                asm!(self.ops ; jmp =>f ; =>slow);
                self.fb(super::FB_OTHER);
                self.call_branch(h_cmp, "h_cmp", pc, i, f, t);
                self.branch_tails(w);
            }
            Op::Test => {
                let (t, f, w) = self.cond_targets_fb(pc, i)?;
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_FALSE as i8
                    ; ja =>t
                    ; jmp =>f
                );
                self.branch_tails(w);
            }
            Op::TestSet => {
                let j = *self.p.src.code.get(pc + 1).ok_or("test at end of code")?;
                let target = self.lab((pc as i64 + 2 + j.sj() as i64) as usize)?;
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
                if i.b() != 0 {
                    self.inline_call(pc, i)?;
                }
                self.fb(super::FB_OTHER);
                self.call_ok(h_call, "h_call", pc, i);
            }
            Op::TailCall => {
                self.call(h_tailcall, "h_tailcall", pc, i);
                asm!(self.ops ; jmp =>exit);
            }
            Op::Return0 | Op::Return1 => {
                self.inline_return(i);
                self.call(h_return, "h_return", pc, i);
                asm!(self.ops ; jmp =>exit);
            }
            Op::Return => {
                if i.b() != 0 && !i.k() && i.c() == 0 {
                    self.inline_return_n(i);
                }
                self.call(h_return, "h_return", pc, i);
                asm!(self.ops ; jmp =>exit);
            }
            Op::ForLoop => {
                let body = self.lab((pc as i64 + 1 - i.bx() as i64) as usize)?;
                let done = self.lab(pc + 1)?;
                let flt = self.ops.new_dynamic_label();
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
                    ; mov BYTE [r13 + a + 56], T_INT as i8
                    ; jmp =>body
                    ; =>flt
                );
                self.call_branch(h_forloop, "h_forloop", pc, i, done, body);
            }
            Op::ForPrep => {
                let run = self.lab(pc + 1)?;
                let skip = self.lab(pc + i.bx() as usize + 2)?;
                // Integer loop with step 1: the iteration count is limit - init.
                let slow = self.ops.new_dynamic_label();
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 8], T_INT as i8
                    ; jne =>slow
                    ; cmp BYTE [r13 + a + 24], T_INT as i8
                    ; jne =>slow
                    ; cmp BYTE [r13 + a + 40], T_INT as i8
                    ; jne =>slow
                    ; cmp QWORD [r13 + a + 32], 1
                    ; jne =>slow
                    ; mov rax, [r13 + a]
                    ; mov rcx, [r13 + a + 16]
                    ; cmp rax, rcx
                    ; jg =>skip
                    ; sub rcx, rax
                    ; mov [r13 + a + 16], rcx
                    ; mov [r13 + a + 48], rax
                    ; mov BYTE [r13 + a + 56], T_INT as i8
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
                let body = self.lab((pc as i64 + 1 - i.bx() as i64) as usize)?;
                let done = self.lab(pc + 1)?;
                asm!(self.ops
                    ; cmp BYTE [r13 + a + 72], T_NIL as i8
                    ; je =>done
                );
                self.copy_reg(a + 32, a + 64);
                asm!(self.ops ; jmp =>body);
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
pub fn compile(p: &LProto, tm_index: *mut LuaString) -> Result<Compiled, String> {
    let code = &p.src.code;
    let n = code.len();
    let mut ops: VecAssembler<X64Relocation> = VecAssembler::new(0);
    let labels: Vec<DynamicLabel> = (0..n + 1).map(|_| ops.new_dynamic_label()).collect();
    let exit = ops.new_dynamic_label();
    let mut cx = Cx { ops, labels, exit, p, symbols: Vec::new(), tm_index, fbo: 0 };
    // Prologue.
    asm!(cx.ops
        ; push rbx
        ; push rbp
        ; push r12
        ; push r13
        ; push r14
        ; push r15
        ; sub rsp, 8
        ; mov r12, rdi
        ; mov r15, rsi
        ; mov r13, rdx
        ; mov rax, [r15 + LCL_PROTO]
        ; mov r14, [rax + PROTO_K]
        ; mov rbx, [rax + P_JIT_FEEDBACK]
        ; jmp rcx
    );
    let mut pc_offsets = Vec::with_capacity(n);
    for (pc, &i) in code.iter().enumerate() {
        let l = cx.labels[pc];
        pc_offsets.push(cx.ops.offset().0 as u32);
        asm!(cx.ops ; =>l);
        cx.fbo = (pc * 4) as i32;
        cx.op(pc, i)?;
    }
    // Falling off the end cannot happen (the last instruction is a return); trap.
    let end = cx.labels[n];
    asm!(cx.ops
        ; =>end
        ; ud2
        ; =>exit
        ; add rsp, 8
        ; pop r15
        ; pop r14
        ; pop r13
        ; pop r12
        ; pop rbp
        ; pop rbx
        ; ret
    );
    let bytes = cx.ops.finalize().map_err(|e| format!("assembler: {:?}", e))?;
    Ok(Compiled { code: bytes, pc_offsets, symbols: cx.symbols, data: Box::new([]) })
}
