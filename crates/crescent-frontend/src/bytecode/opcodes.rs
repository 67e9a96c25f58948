//! The instruction set: every opcode defined once, in the `opcodes!` table below.
//!
//! Encoding and semantics are those of PUC Lua 5.4's `lopcodes.h` (Lua 5.4.6), bit for bit, so
//! `luac5.4 -l` listings are a reference for our compiler and every Lua programmer's knowledge of
//! 5.4 bytecode applies. Instructions are 32 bits:
//!
//! ```text
//!         3 3 2 2 2 2 2 2 2 2 2 2 1 1 1 1 1 1 1 1 1 1 0 0 0 0 0 0 0 0 0 0
//!         1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
//! iABC          C(8)     |      B(8)     |k|     A(8)      |   Op(7)     |
//! iABx                Bx(17)               |     A(8)      |   Op(7)     |
//! iAsBx              sBx (signed)(17)      |     A(8)      |   Op(7)     |
//! iAx                           Ax(25)                     |   Op(7)     |
//! isJ                           sJ (signed)(25)            |   Op(7)     |
//! ```
//!
//! The table's columns: variant, printed name, operand format, the PUC mode flags
//! (`mm`: calls a metamethod, `ot`: sets top for the next instruction, `it`: uses top from the
//! previous one, `t`: test instruction, next is a jump, `a`: sets register A) and the kind of
//! profiling feedback the interpreter records for it ([`Feedback`]). Enum, names, formats, flags
//! and decoding are all generated from this one table.

/// Operand format of an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum OpMode {
    iABC,
    iABx,
    iAsBx,
    iAx,
    isJ,
}

/// What the profiling interpreter records for an instruction (one feedback cell per pc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feedback {
    /// Nothing recorded.
    None,
    /// Operand type bits of an arithmetic or bitwise operation.
    Arith,
    /// Operand type bits of a comparison, and branch direction.
    Compare,
    /// Table shape/slot of a field or index access.
    Field,
    /// The callee of a call.
    Call,
    /// Taken / not-taken of a test.
    Branch,
}

macro_rules! opcodes {
    ($( $variant:ident = $name:literal, $mode:ident, mm=$mm:literal, ot=$ot:literal, it=$it:literal, t=$t:literal, a=$a:literal, fb=$fb:ident; )*) => {
        /// A Lua 5.4 opcode (numbering identical to `lopcodes.h`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $($variant,)* }

        /// Number of opcodes.
        pub const NUM_OPCODES: usize = [$(Op::$variant,)*].len();

        const OPS: [Op; NUM_OPCODES] = [$(Op::$variant,)*];
        const NAMES: [&str; NUM_OPCODES] = [$($name,)*];
        const MODES: [OpMode; NUM_OPCODES] = [$(OpMode::$mode,)*];
        const FLAGS: [u8; NUM_OPCODES] = [$(
            (($mm as u8) << 4) | (($ot as u8) << 3) | (($it as u8) << 2) | (($t as u8) << 1) | ($a as u8),
        )*];
        const FEEDBACK: [Feedback; NUM_OPCODES] = [$(Feedback::$fb,)*];
    };
}

opcodes! {
    Move       = "MOVE",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := R[B]
    LoadI      = "LOADI",      iAsBx, mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := sBx
    LoadF      = "LOADF",      iAsBx, mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := (lua_Number)sBx
    LoadK      = "LOADK",      iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := K[Bx]
    LoadKX     = "LOADKX",     iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := K[extra arg]
    LoadFalse  = "LOADFALSE",  iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := false
    LFalseSkip = "LFALSESKIP", iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := false; pc++
    LoadTrue   = "LOADTRUE",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := true
    LoadNil    = "LOADNIL",    iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A], ..., R[A+B] := nil
    GetUpval   = "GETUPVAL",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := UpValue[B]
    SetUpval   = "SETUPVAL",   iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // UpValue[B] := R[A]
    GetTabUp   = "GETTABUP",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A] := UpValue[B][K[C]:shortstring]
    GetTable   = "GETTABLE",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A] := R[B][R[C]]
    GetI       = "GETI",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A] := R[B][C]
    GetField   = "GETFIELD",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A] := R[B][K[C]:shortstring]
    SetTabUp   = "SETTABUP",   iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=Field;   // UpValue[A][K[B]:shortstring] := RK(C)
    SetTable   = "SETTABLE",   iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=Field;   // R[A][R[B]] := RK(C)
    SetI       = "SETI",       iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=Field;   // R[A][B] := RK(C)
    SetField   = "SETFIELD",   iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=Field;   // R[A][K[B]:shortstring] := RK(C)
    NewTable   = "NEWTABLE",   iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := {}
    SelfOp     = "SELF",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A+1] := R[B]; R[A] := R[B][RK(C):string]
    AddI       = "ADDI",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] + sC
    AddK       = "ADDK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] + K[C]:number
    SubK       = "SUBK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] - K[C]:number
    MulK       = "MULK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] * K[C]:number
    ModK       = "MODK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] % K[C]:number
    PowK       = "POWK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] ^ K[C]:number
    DivK       = "DIVK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] / K[C]:number
    IDivK      = "IDIVK",      iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] // K[C]:number
    BAndK      = "BANDK",      iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] & K[C]:integer
    BOrK       = "BORK",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] | K[C]:integer
    BXorK      = "BXORK",      iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] ~ K[C]:integer
    ShrI       = "SHRI",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] >> sC
    ShlI       = "SHLI",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := sC << R[B]
    Add        = "ADD",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] + R[C]
    Sub        = "SUB",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] - R[C]
    Mul        = "MUL",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] * R[C]
    Mod        = "MOD",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] % R[C]
    Pow        = "POW",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] ^ R[C]
    Div        = "DIV",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] / R[C]
    IDiv       = "IDIV",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] // R[C]
    BAnd       = "BAND",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] & R[C]
    BOr        = "BOR",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] | R[C]
    BXor       = "BXOR",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] ~ R[C]
    Shl        = "SHL",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] << R[C]
    Shr        = "SHR",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := R[B] >> R[C]
    MmBin      = "MMBIN",      iABC,  mm=1, ot=0, it=0, t=0, a=0, fb=None;    // call C metamethod over R[A] and R[B]
    MmBinI     = "MMBINI",     iABC,  mm=1, ot=0, it=0, t=0, a=0, fb=None;    // call C metamethod over R[A] and sB
    MmBinK     = "MMBINK",     iABC,  mm=1, ot=0, it=0, t=0, a=0, fb=None;    // call C metamethod over R[A] and K[B]
    Unm        = "UNM",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := -R[B]
    BNot       = "BNOT",       iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // R[A] := ~R[B]
    Not        = "NOT",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := not R[B]
    Len        = "LEN",        iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=Field;   // R[A] := #R[B] (length operator)
    Concat     = "CONCAT",     iABC,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := R[A].. ... ..R[A + B - 1]
    Close      = "CLOSE",      iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // close all upvalues >= R[A]
    Tbc        = "TBC",        iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // mark variable A "to be closed"
    Jmp        = "JMP",        isJ,   mm=0, ot=0, it=0, t=0, a=0, fb=None;    // pc += sJ
    Eq         = "EQ",         iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] == R[B]) ~= k) then pc++
    Lt         = "LT",         iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] <  R[B]) ~= k) then pc++
    Le         = "LE",         iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] <= R[B]) ~= k) then pc++
    EqK        = "EQK",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] == K[B]) ~= k) then pc++
    EqI        = "EQI",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] == sB) ~= k) then pc++
    LtI        = "LTI",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] < sB) ~= k) then pc++
    LeI        = "LEI",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] <= sB) ~= k) then pc++
    GtI        = "GTI",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] > sB) ~= k) then pc++
    GeI        = "GEI",        iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Compare; // if ((R[A] >= sB) ~= k) then pc++
    Test       = "TEST",       iABC,  mm=0, ot=0, it=0, t=1, a=0, fb=Branch;  // if (not R[A] == k) then pc++
    TestSet    = "TESTSET",    iABC,  mm=0, ot=0, it=0, t=1, a=1, fb=Branch;  // if (not R[B] == k) then pc++ else R[A] := R[B]
    Call       = "CALL",       iABC,  mm=0, ot=1, it=1, t=0, a=1, fb=Call;    // R[A], ... ,R[A+C-2] := R[A](R[A+1], ... ,R[A+B-1])
    TailCall   = "TAILCALL",   iABC,  mm=0, ot=1, it=1, t=0, a=1, fb=Call;    // return R[A](R[A+1], ... ,R[A+B-1])
    Return     = "RETURN",     iABC,  mm=0, ot=0, it=1, t=0, a=0, fb=None;    // return R[A], ... ,R[A+B-2]
    Return0    = "RETURN0",    iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // return
    Return1    = "RETURN1",    iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // return R[A]
    ForLoop    = "FORLOOP",    iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // update counters; if loop continues then pc-=Bx;
    ForPrep    = "FORPREP",    iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=Arith;   // <check values and prepare counters>; if not to run then pc+=Bx+1;
    TForPrep   = "TFORPREP",   iABx,  mm=0, ot=0, it=0, t=0, a=0, fb=None;    // create upvalue for R[A + 3]; pc+=Bx
    TForCall   = "TFORCALL",   iABC,  mm=0, ot=0, it=0, t=0, a=0, fb=Call;    // R[A+4], ... ,R[A+3+C] := R[A](R[A+1], R[A+2]);
    TForLoop   = "TFORLOOP",   iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // if R[A+2] ~= nil then { R[A]=R[A+2]; pc -= Bx }
    SetList    = "SETLIST",    iABC,  mm=0, ot=0, it=1, t=0, a=0, fb=None;    // R[A][C+i] := R[A+i], 1 <= i <= B
    Closure    = "CLOSURE",    iABx,  mm=0, ot=0, it=0, t=0, a=1, fb=None;    // R[A] := closure(KPROTO[Bx])
    VarArg     = "VARARG",     iABC,  mm=0, ot=1, it=0, t=0, a=1, fb=None;    // R[A], R[A+1], ..., R[A+C-2] = vararg
    VarArgPrep = "VARARGPREP", iABC,  mm=0, ot=0, it=1, t=0, a=1, fb=None;    // (adjust vararg parameters)
    ExtraArg   = "EXTRAARG",   iAx,   mm=0, ot=0, it=0, t=0, a=0, fb=None;    // extra (larger) argument for previous opcode
}

impl Op {
    /// Decodes an opcode number; `None` for numbers outside the table.
    #[inline]
    pub fn from_u8(n: u8) -> Option<Op> {
        OPS.get(n as usize).copied()
    }
    /// The name `luac -l` prints.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }
    pub fn mode(self) -> OpMode {
        MODES[self as usize]
    }
    /// Calls a metamethod (the MMBIN family).
    pub fn is_mm(self) -> bool {
        FLAGS[self as usize] & 0x10 != 0
    }
    /// Sets `top` for the next instruction (open results).
    pub fn sets_top(self) -> bool {
        FLAGS[self as usize] & 0x08 != 0
    }
    /// Uses `top` set by the previous instruction.
    pub fn uses_top(self) -> bool {
        FLAGS[self as usize] & 0x04 != 0
    }
    /// A test: the next instruction is a jump.
    pub fn is_test(self) -> bool {
        FLAGS[self as usize] & 0x02 != 0
    }
    /// Writes register A.
    pub fn sets_a(self) -> bool {
        FLAGS[self as usize] & 0x01 != 0
    }
    /// Kind of profiling feedback recorded at this instruction.
    pub fn feedback(self) -> Feedback {
        FEEDBACK[self as usize]
    }
}

pub const SIZE_OP: u32 = 7;
pub const SIZE_A: u32 = 8;
pub const SIZE_B: u32 = 8;
pub const SIZE_C: u32 = 8;
pub const SIZE_BX: u32 = SIZE_C + SIZE_B + 1;
pub const SIZE_AX: u32 = SIZE_BX + SIZE_A;
pub const SIZE_SJ: u32 = SIZE_BX + SIZE_A;
pub const POS_OP: u32 = 0;
pub const POS_A: u32 = POS_OP + SIZE_OP;
pub const POS_K: u32 = POS_A + SIZE_A;
pub const POS_B: u32 = POS_K + 1;
pub const POS_C: u32 = POS_B + SIZE_B;
pub const POS_BX: u32 = POS_K;
pub const POS_AX: u32 = POS_A;
pub const POS_SJ: u32 = POS_A;
pub const MAXARG_A: u32 = (1 << SIZE_A) - 1;
pub const MAXARG_B: u32 = (1 << SIZE_B) - 1;
pub const MAXARG_C: u32 = (1 << SIZE_C) - 1;
pub const MAXARG_BX: u32 = (1 << SIZE_BX) - 1;
pub const MAXARG_AX: u32 = (1 << SIZE_AX) - 1;
pub const MAXARG_SJ: u32 = (1 << SIZE_SJ) - 1;
/// Offset of the signed `sBx` field.
pub const OFFSET_SBX: i32 = (MAXARG_BX >> 1) as i32;
/// Offset of the signed `sJ` field.
pub const OFFSET_SJ: i32 = (MAXARG_SJ >> 1) as i32;
/// Offset of the signed 8-bit `sB`/`sC` fields.
pub const OFFSET_SC: i32 = (MAXARG_C >> 1) as i32;
/// Number of list items to accumulate before a SETLIST (LFIELDS_PER_FLUSH).
pub const LFIELDS_PER_FLUSH: u32 = 50;
/// Maximum number of registers of a Lua function (MAXREGS).
pub const MAX_REGS: u32 = 255;

/// One 32-bit instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct Instr(pub u32);

impl Instr {
    #[inline(always)]
    pub const fn opcode_raw(self) -> u8 {
        (self.0 & 0x7f) as u8
    }
    /// The opcode. Panics only on an instruction word the compiler never produces; loaders of
    /// untrusted code must validate with [`Op::from_u8`] first.
    #[inline(always)]
    pub fn op(self) -> Op {
        match Op::from_u8(self.opcode_raw()) {
            Some(op) => op,
            None => panic!("invalid opcode {}", self.opcode_raw()),
        }
    }
    #[inline(always)]
    pub const fn a(self) -> u32 {
        (self.0 >> POS_A) & MAXARG_A
    }
    #[inline(always)]
    pub const fn b(self) -> u32 {
        (self.0 >> POS_B) & MAXARG_B
    }
    #[inline(always)]
    pub const fn c(self) -> u32 {
        (self.0 >> POS_C) & MAXARG_C
    }
    #[inline(always)]
    pub const fn k(self) -> bool {
        (self.0 >> POS_K) & 1 != 0
    }
    #[inline(always)]
    pub const fn sb(self) -> i32 {
        self.b() as i32 - OFFSET_SC
    }
    #[inline(always)]
    pub const fn sc(self) -> i32 {
        self.c() as i32 - OFFSET_SC
    }
    #[inline(always)]
    pub const fn bx(self) -> u32 {
        self.0 >> POS_BX
    }
    #[inline(always)]
    pub const fn sbx(self) -> i32 {
        self.bx() as i32 - OFFSET_SBX
    }
    #[inline(always)]
    pub const fn ax(self) -> u32 {
        self.0 >> POS_AX
    }
    #[inline(always)]
    pub const fn sj(self) -> i32 {
        (self.0 >> POS_SJ) as i32 - OFFSET_SJ
    }

    pub fn abc(op: Op, a: u32, b: u32, c: u32, k: bool) -> Instr {
        debug_assert!(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C);
        Instr((op as u32) | (a << POS_A) | ((k as u32) << POS_K) | (b << POS_B) | (c << POS_C))
    }
    pub fn abx(op: Op, a: u32, bx: u32) -> Instr {
        debug_assert!(a <= MAXARG_A && bx <= MAXARG_BX);
        Instr((op as u32) | (a << POS_A) | (bx << POS_BX))
    }
    pub fn asbx(op: Op, a: u32, sbx: i32) -> Instr {
        Instr::abx(op, a, (sbx + OFFSET_SBX) as u32)
    }
    pub fn ax_(op: Op, ax: u32) -> Instr {
        debug_assert!(ax <= MAXARG_AX);
        Instr((op as u32) | (ax << POS_AX))
    }
    pub fn sj_(op: Op, sj: i32) -> Instr {
        Instr((op as u32) | (((sj + OFFSET_SJ) as u32) << POS_SJ))
    }
    pub fn set_a(&mut self, a: u32) {
        self.0 = (self.0 & !(MAXARG_A << POS_A)) | (a << POS_A);
    }
    pub fn set_b(&mut self, b: u32) {
        self.0 = (self.0 & !(MAXARG_B << POS_B)) | (b << POS_B);
    }
    pub fn set_c(&mut self, c: u32) {
        self.0 = (self.0 & !(MAXARG_C << POS_C)) | (c << POS_C);
    }
    pub fn set_k(&mut self, k: bool) {
        self.0 = (self.0 & !(1 << POS_K)) | ((k as u32) << POS_K);
    }
    pub fn set_bx(&mut self, bx: u32) {
        self.0 = (self.0 & !(MAXARG_BX << POS_BX)) | (bx << POS_BX);
    }
    pub fn set_sbx(&mut self, sbx: i32) {
        self.set_bx((sbx + OFFSET_SBX) as u32);
    }
    pub fn set_sj(&mut self, sj: i32) {
        self.0 = (self.0 & 0x7f) | (((sj + OFFSET_SJ) as u32) << POS_SJ);
    }
}

impl std::fmt::Debug for Instr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match Op::from_u8(self.opcode_raw()) {
            Some(op) => match op.mode() {
                OpMode::iABC => write!(
                    f,
                    "{} {} {} {}{}",
                    op.name(),
                    self.a(),
                    self.b(),
                    self.c(),
                    if self.k() { "k" } else { "" }
                ),
                OpMode::iABx => write!(f, "{} {} {}", op.name(), self.a(), self.bx()),
                OpMode::iAsBx => write!(f, "{} {} {}", op.name(), self.a(), self.sbx()),
                OpMode::iAx => write!(f, "{} {}", op.name(), self.ax()),
                OpMode::isJ => write!(f, "{} {}", op.name(), self.sj()),
            },
            None => write!(f, "<bad opcode {:#x}>", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_lua54_numbering() {
        assert_eq!(NUM_OPCODES, 83);
        assert_eq!(Op::Move as u8, 0);
        assert_eq!(Op::GetTabUp as u8, 11);
        assert_eq!(Op::MmBin as u8, 46);
        assert_eq!(Op::Jmp as u8, 56);
        assert_eq!(Op::Call as u8, 68);
        assert_eq!(Op::ExtraArg as u8, 82);
        for (i, op) in OPS.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Op::from_u8(i as u8), Some(*op));
        }
        assert_eq!(Op::from_u8(83), None);
    }

    #[test]
    fn encode_decode_roundtrip() {
        let i = Instr::abc(Op::Add, 3, 200, 17, true);
        assert_eq!(
            (i.op(), i.a(), i.b(), i.c(), i.k()),
            (Op::Add, 3, 200, 17, true)
        );
        let j = Instr::asbx(Op::LoadI, 1, -5);
        assert_eq!(j.sbx(), -5);
        let s = Instr::sj_(Op::Jmp, -1000);
        assert_eq!(s.sj(), -1000);
    }
}
