//! The float register cache of the baseline compiler.
//!
//! `xmm2`..`xmm15` hold copies of the payloads of Lua registers that float-first arithmetic,
//! table reads, MOVE and tuned `math.sqrt` sites wrote, so a chain of float operations passes its values in machine registers instead of through
//! the frame: a float stored to memory and loaded back costs about 9 cycles of
//! store-forwarding latency on the chain (measured on the reference machine; integer chains
//! do not pay it). The cache is write-through: every value is still stored to its frame slot,
//! so helpers, the GC, errors and the interpreter see the frame exactly as before, and a
//! cached register is only ever a copy.
//!
//! Invariants:
//! - On the main line, for every slot holding Lua register offset `off`, `xmm(FC_BASE + slot)`
//!   holds the same 64 bits as `[r13 + off]` (whatever the value's type).
//! - The state at the start of instruction `pc` is recorded (`FCache::at`). It is empty at
//!   jump targets (`jump_targets`), so a jump from anywhere reaches them with nothing assumed.
//! - Code that reaches the label of `pc` other than by the main line falling through into it
//!   goes through `pc`'s reload stub, which loads the state's registers from the frame:
//!   out-of-line code asks `Cx::lab` for its labels (it returns the stub while emitting out of
//!   line), and the interpreter enters a frame at `Compiled::entry_offsets` (the stubs).
//!   Out-of-line code that jumps back into the middle of an instruction must not call a
//!   helper nor write `xmm2`.. (only the conversion paths of `load_flt_first` do so).
//! - Instructions that are not cache-aware empty the cache before they run
//!   (`Cx::fc_before`); cache-aware ones (arithmetic, comparisons and tests, register loads
//!   and moves, table reads and writes, CALL sites tuned for a builtin) update it
//!   themselves. On the main line, a helper call empties it (`Cx::call`).
//! - An instruction adds entries only at the end of its main line, after any inline helper
//!   call, so every path into the next instruction has at least those entries.

use super::*;

/// Cache slots (`xmm2`..`xmm15`).
pub(super) const NFC: usize = 14;
/// The first cache register.
const FC_BASE: u8 = 2;
const EMPTY: i32 = -1;

/// Which Lua register (frame offset) each slot mirrors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct FcState([i32; NFC]);

impl FcState {
    const NONE: FcState = FcState([EMPTY; NFC]);

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&o| o == EMPTY)
    }
}

pub(super) struct FCache {
    cur: FcState,
    /// Next slot to take (round robin).
    next: usize,
    /// State at the start of each pc (main line).
    at: Vec<FcState>,
    /// Whether each pc may be reached by a jump (its state is empty).
    targets: Vec<bool>,
    /// Reload stub of each pc.
    stubs: Vec<DynamicLabel>,
}

/// The pcs that a branch, a loop or a skip can reach other than by falling through.
fn jump_targets(code: &[Instr]) -> Vec<bool> {
    let n = code.len();
    let mut t = vec![false; n + 1];
    t[0] = true;
    for (pc, i) in code.iter().enumerate() {
        let pc = pc as i64;
        let mut mark = |x: i64| {
            if x >= 0 && (x as usize) <= n {
                t[x as usize] = true;
            }
        };
        match i.op() {
            Op::Jmp => mark(pc + 1 + i.sj() as i64),
            Op::ForLoop | Op::TForLoop => {
                mark(pc + 1 - i.bx() as i64);
                mark(pc + 1);
            }
            Op::ForPrep => {
                mark(pc + 1);
                mark(pc + 2 + i.bx() as i64);
            }
            Op::TForPrep => mark(pc + 1 + i.bx() as i64),
            Op::LoadKX | Op::LFalseSkip | Op::NewTable | Op::SetList => mark(pc + 2),
            op if op.is_test() => {
                mark(pc + 1);
                mark(pc + 2);
            }
            _ => {}
        }
    }
    t
}

impl FCache {
    pub(super) fn new(code: &[Instr], ops: &mut VecAssembler<X64Relocation>) -> FCache {
        let n = code.len() + 1;
        FCache {
            cur: FcState::NONE,
            next: 0,
            at: vec![FcState::NONE; n],
            targets: jump_targets(code),
            stubs: (0..n).map(|_| ops.new_dynamic_label()).collect(),
        }
    }

    /// The main line reaches `pc`.
    pub(super) fn enter(&mut self, pc: usize) {
        if self.targets.get(pc).copied().unwrap_or(true) {
            self.cur = FcState::NONE;
        }
        self.at[pc] = self.cur;
    }

    pub(super) fn clear(&mut self) {
        self.cur = FcState::NONE;
    }

    /// The cache register mirroring register offset `off`, if any.
    pub(super) fn get(&self, off: i32) -> Option<u8> {
        self.cur
            .0
            .iter()
            .position(|&o| o == off)
            .map(|s| FC_BASE + s as u8)
    }

    /// Forgets registers `lo..=hi` (offsets).
    pub(super) fn forget(&mut self, lo: i32, hi: i32) {
        for o in self.cur.0.iter_mut() {
            if *o >= lo && *o <= hi {
                *o = EMPTY;
            }
        }
    }

    /// A cache register for register offset `off` (its own, or a slot taken round robin);
    /// the caller then copies the value into it.
    pub(super) fn assign(&mut self, off: i32) -> u8 {
        if let Some(x) = self.get(off) {
            return x;
        }
        let s = match self.cur.0.iter().position(|&o| o == EMPTY) {
            Some(s) => s,
            None => {
                let s = self.next;
                self.next = (self.next + 1) % NFC;
                s
            }
        };
        self.cur.0[s] = off;
        FC_BASE + s as u8
    }

    /// The reload stub of `pc`, for out-of-line code jumping there (`None`: its state is
    /// empty, the label itself will do).
    pub(super) fn stub(&self, pc: usize) -> Option<DynamicLabel> {
        let st = self.at.get(pc)?;
        if st.is_empty() {
            return None;
        }
        Some(self.stubs[pc])
    }
}

impl Cx<'_> {
    /// Before the main line of instruction `i`: instructions that are not cache-aware empty
    /// the cache; loads and moves forget the registers they write.
    pub(super) fn fc_before(&mut self, pc: usize, i: Instr) {
        let a = r(i.a());
        match i.op() {
            // A call site tuned for a builtin (`Cx::builtin_first`): the main line writes
            // only register A (its call out of line rejoins through the reload stub).
            Op::Call if self.builtin_site(pc, i).is_some() => self.fc.forget(a, a),
            Op::Move | Op::LoadI | Op::LoadF | Op::LoadK | Op::LoadFalse | Op::LoadTrue => {
                self.fc.forget(a, a)
            }
            Op::GetUpval | Op::Not => self.fc.forget(a, a),
            // Table reads put their result in the cache at the end of their main line
            // (`Cx::fc_result`); their other paths go out of line. Table writes write no
            // register.
            Op::GetTabUp | Op::GetField | Op::GetTable | Op::GetI => self.fc.forget(a, a),
            Op::SetTabUp | Op::SetField | Op::SetTable | Op::SetI => {}
            Op::LoadNil => self.fc.forget(a, a + r(i.b())),
            // Comparisons and TEST (the tests that write no register) only read registers,
            // and their other paths go to jump targets.
            op if op.is_test() && !op.sets_a() => {}
            // Arithmetic updates the cache itself (`Cx::arith`).
            // Arithmetic: the instructions followed by their MMBIN.
            _ if self
                .p
                .src
                .code
                .get(pc + 1)
                .map_or(false, |n| n.op().is_mm()) => {}
            _ => self.fc.clear(),
        }
    }

    /// MOVE: the payload from the cache when there (the copy then is cached too).
    pub(super) fn op_move(&mut self, a: i32, b: i32) {
        match self.fc_get(b) {
            Some(x) => {
                asm!(self.ops
                    ; movsd [r13 + a], Rx(x)
                    ; mov rcx, [r13 + b + 8]
                    ; mov [r13 + a + 8], rcx
                );
                if !self.cold_mode {
                    let y = self.fc.assign(a);
                    asm!(self.ops ; movapd Rx(y), Rx(x));
                }
            }
            None => self.copy_reg(a, b),
        }
    }

    /// The main line stored `rax` as the payload of register `off`: mirror it in the cache
    /// (nothing out of line). Must be the last cache change of the instruction's main line.
    pub(super) fn fc_result(&mut self, off: i32) {
        if !self.cold_mode {
            let x = self.fc.assign(off);
            asm!(self.ops ; movq Rx(x), rax);
        }
    }

    /// Loads the payload of register `off` into `xmm(dst)`: from its cache register when it
    /// has one (main line), else from the frame.
    pub(super) fn fc_load(&mut self, dst: u8, off: i32) {
        match self.fc_get(off) {
            Some(x) => asm!(self.ops ; movapd Rx(dst), Rx(x)),
            None => asm!(self.ops ; movsd Rx(dst), [r13 + off]),
        }
    }

    /// Main line only (out of line, `None`): the cache register mirroring `off`.
    pub(super) fn fc_get(&self, off: i32) -> Option<u8> {
        if self.cold_mode {
            None
        } else {
            self.fc.get(off)
        }
    }

    /// Emits the reload stubs (after all other code): each loads its pc's state from the
    /// frame and jumps to the pc. Returns the entry offset of each pc: its stub when its
    /// state is not empty, else its main-line offset.
    pub(super) fn fc_stubs(&mut self, pc_offsets: &[u32]) -> Vec<u32> {
        let mut entries = pc_offsets.to_vec();
        for pc in 0..pc_offsets.len() {
            let st = self.fc.at[pc];
            if st.is_empty() {
                continue;
            }
            let stub = self.fc.stubs[pc];
            entries[pc] = self.ops.offset().0 as u32;
            asm!(self.ops ; =>stub);
            for (s, &off) in st.0.iter().enumerate() {
                if off != EMPTY {
                    let x = FC_BASE + s as u8;
                    asm!(self.ops ; movsd Rx(x), [r13 + off]);
                }
            }
            let l = self.labels[pc];
            asm!(self.ops ; jmp =>l);
        }
        entries
    }
}
