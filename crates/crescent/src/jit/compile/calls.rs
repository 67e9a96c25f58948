//! Call and return templates of the baseline compiler: native calls of compiled Lua
//! functions with an inline frame push, and inline returns to a compiled caller.

use super::*;

// `inline_call` stores nresults and status as one quadword (status 0 and the padding after
// it), and nextraargs as one quadword (with the padding after it).
const _: () = assert!(
    CI_FUNC == 0
        && CI_TOP == 8
        && CI_SAVEDPC == 16
        && CI_NRESULTS == 24
        && CI_STATUS == 28
        && CI_NEXTRA == 32
        && CI_SIZE == 40,
    "CallInfo layout changed: update inline_call"
);

/// Library functions a tuned CALL site computes inline (`Cx::builtin_site`).
#[derive(Clone, Copy)]
pub(super) enum Builtin {
    Sqrt,
    Floor,
}

impl Cx<'_> {
    /// The block's entries, emitted first; returns the offset of the Lua entry. Both go on
    /// to the frame's inner part, where `[rsp]` holds the running code block (the exit pops
    /// it and returns; frames are not counted, see `compile`'s module doc):
    /// - generic (offset 0, [`crate::jit::EntryFn`], from Rust): saves the callee-saved
    ///   registers, loads the pinned `r12` (State) and `rbp` (interrupt flag), calls the inner
    ///   entry (closure in `rsi`, base in `rdx`, target in `rcx`, block in `r8`), restores;
    /// - Lua entry (from a compiled caller, `inline_call`): `r12`/`rbp` are already pinned,
    ///   the closure is in `rsi`, the base in `rdx`, the block in `r8`; it falls into pc 0.
    ///   It may change `r13`, `r14`, `r15`, `rbx` (and the scratch registers): the caller
    ///   restores its own.
    ///
    /// `r14` (constants) and `rbx` (feedback cells) are immediates: a block only ever runs
    /// frames of its own prototype, whose constant and feedback arrays never move.
    pub(super) fn entries(&mut self, flag: i64) -> u32 {
        let k = self.p.k as i64;
        let fb = self.p.feedback.as_ptr() as i64;
        // (no name for the dangling pointer of an empty array: it would name small numbers)
        if self.p.consts.len() > 0 {
            self.sym(k as u64, "constants".into());
        }
        if self.p.feedback.len() > 0 {
            self.sym(fb as u64, "feedback".into());
        }
        let inner = self.ops.new_dynamic_label();
        let out = self.ops.new_dynamic_label();
        asm!(self.ops
            ; push rbx
            ; push rbp
            ; push r12
            ; push r13
            ; push r14
            ; push r15
            ; sub rsp, 8
            ; mov r12, rdi
            ; mov rbp, QWORD flag
            ; call =>inner
            // `ST_RETURNED` from a frame Rust code called (`CIST_FRESH`, the returned
            // frame is `l.ci + 1`) is `ST_RETURNED_FRESH` (inline returns leave this to
            // here: compiled callers never call fresh frames)
            ; cmp eax, ST_RETURNED as i32
            ; jne =>out
            ; mov rcx, [r12 + S_CI]
            ; imul rcx, rcx, CI_SIZE
            ; add rcx, [r12 + J_CIS_PTR]
            ; test WORD [rcx + CI_SIZE + CI_STATUS], CIST_FRESH as i16
            ; jz =>out
            ; mov eax, ST_RETURNED_FRESH as i32
            ; =>out
            ; add rsp, 8
            ; pop r15
            ; pop r14
            ; pop r13
            ; pop r12
            ; pop rbp
            ; pop rbx
            ; ret
            ; =>inner
            ; push r8
            ; mov r15, rsi
            ; mov r13, rdx
            ; mov r14, QWORD k
            ; mov rbx, QWORD fb
            ; jmp rcx
        );
        let off = self.ops.offset().0 as u32;
        asm!(self.ops
            ; push r8
            ; mov r15, rsi
            ; mov r13, rdx
            ; mov r14, QWORD k
            ; mov rbx, QWORD fb
        );
        off
    }

    /// CALL with fixed arguments of a compiled Lua function: pushes the frame and calls its
    /// code natively (what `precall` + `h_call` do, for the common case); falls through to
    /// the helper otherwise.
    pub(super) fn inline_call(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let nargs = i.b() as i32 - 1;
        let nresults = i.c() as i32 - 1;
        let slow = self.ops.new_dynamic_label();
        let native = self.ops.new_dynamic_label();
        let next = self.lab(pc + 1)?;
        let exit = self.exit;
        let k = self.p.k as i64;
        let fb = self.p.feedback.as_ptr() as i64;
        asm!(self.ops
            // r11 = &cis[ci]; save the pc (the callee's traceback and errors use it)
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; mov QWORD [r11 + CI_SAVEDPC], (pc + 1) as i32
            ; cmp BYTE [r13 + a + 8], T_LCL as i8
            ; jne =>native
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
            // debug hooks: callees run in the interpreter
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>slow
            // room in the frame vector, within the native nesting limit (`refresh`)
            ; lea rax, [r10 + 1]
            ; cmp rax, [r12 + J_CIS_LEN]
            ; jae =>slow
            // the new CallInfo: func, top = func + 1 + maxstack, savedpc 0, nresults and
            // status 0 (one store), nextraargs 0
            // (the callee's function slot is this frame's func + 1 + A)
            ; mov rcx, [r11 + CI_FUNC]
            ; add rcx, (a / 16) + 1
            ; mov [r11 + CI_SIZE + CI_FUNC], rcx
            ; shr r9, 4
            ; lea r9, [rcx + r9 + 1]
            ; mov [r11 + CI_SIZE + CI_TOP], r9
            ; mov QWORD [r11 + CI_SIZE + CI_SAVEDPC], 0
        );
        if nresults >= 0 {
            asm!(self.ops ; mov QWORD [r11 + CI_SIZE + CI_NRESULTS], nresults);
        } else {
            asm!(self.ops
                ; mov DWORD [r11 + CI_SIZE + CI_NRESULTS], nresults
                ; mov WORD [r11 + CI_SIZE + CI_STATUS], 0
            );
        }
        asm!(self.ops
            ; mov QWORD [r11 + CI_SIZE + CI_NEXTRA], 0
            ; mov [r12 + S_CI], rax
            ; add rcx, nargs + 1
            ; mov [r12 + S_TOP], rcx
            // the native call through the Lua entry;
            // it returns `ST_RETURNED` with its base in r13 (see `exit_returned`), the
            // stack maybe moved: this frame's base is below it, its closure in its slot
        );
        self.fb(crate::jit::FB_INT);
        asm!(self.ops
            ; call QWORD [r8 + JC_LUA_ENTRY]
            ; sub r13, a + 16
            ; mov r15, [r13 - 16]
            ; mov r14, QWORD k
            ; mov rbx, QWORD fb
            ; cmp eax, ST_RETURNED as i32
            ; je =>next
            // an error, or a deeper frame left to the interpreter: unwind
            ; jmp =>exit
        );
        self.native_call(a, nargs, nresults, native, slow, next, None);
        asm!(self.ops ; =>slow);
        Ok(())
    }

    /// The native-function half of `inline_call` (label `native`; `r10` = `l.ci`, `r11` =
    /// its `CallInfo`, the pc saved): pushes the native frame (`call_native`'s `CallInfo`)
    /// and calls the function through `jit_call_native`; continues at `next`. With `tail`
    /// (the pc of a TAILCALL): saves the pc first, calls with all results wanted through
    /// `jit_tailcall_native`, which also returns from this frame, and exits. Goes to `slow`
    /// for anything else (`__call`, hooks, stack or frame vector growth).
    fn native_call(
        &mut self,
        a: i32,
        nargs: i32,
        nresults: i32,
        native: DynamicLabel,
        slow: DynamicLabel,
        next: DynamicLabel,
        tail: Option<usize>,
    ) {
        let lcf = self.ops.new_dynamic_label();
        let exit = self.exit;
        let (tramp, name) = if tail.is_some() {
            (
                jit_tailcall_native as *const () as usize as i64,
                "jit_tailcall_native",
            )
        } else {
            (
                jit_call_native as *const () as usize as i64,
                "jit_call_native",
            )
        };
        self.sym(tramp as u64, name.into());
        let min = MIN_STACK as i32;
        asm!(self.ops ; =>native);
        if let Some(pc) = tail {
            asm!(self.ops
                ; mov r10, [r12 + S_CI]
                ; imul r11, r10, CI_SIZE
                ; add r11, [r12 + J_CIS_PTR]
                ; mov QWORD [r11 + CI_SAVEDPC], (pc + 1) as i32
            );
        }
        let builtins = tail.is_none() && nargs >= 1 && nresults == 1;
        if builtins {
            let ncl = self.ops.new_dynamic_label();
            asm!(self.ops
                ; mov rsi, [r13 + a]
                ; cmp BYTE [r13 + a + 8], T_LCF as i8
                ; jne =>ncl
            );
            self.builtins(a, lcf, next);
            self.str_builtins(a, nargs, lcf, next);
            asm!(self.ops
                ; jmp =>lcf
                ; =>ncl
            );
        } else {
            asm!(self.ops
                ; mov rsi, [r13 + a]
                ; cmp BYTE [r13 + a + 8], T_LCF as i8
                ; je =>lcf
            );
        }
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_NCL as i8
            ; jne =>slow
            ; mov rsi, [rsi + NCL_F]
            ; =>lcf
            // debug hooks: call events come from `call_native`
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>slow
            ; lea rax, [r10 + 1]
            ; cmp rax, [r12 + J_CIS_LEN]
            ; jae =>slow
            // `check_stack(MIN_STACK)` above the arguments
            ; lea rcx, [r13 + a + (nargs + 1) * 16]
            ; lea rdx, [rcx + min * 16]
            ; cmp rdx, [r12 + J_STACK_LIMIT]
            ; ja =>slow
        );
        self.fb(crate::jit::FB_OTHER);
        asm!(self.ops
            ; mov rdi, [r12 + J_STACK_PTR]
            ; sub rcx, rdi
            ; shr rcx, 4
            ; mov [r12 + S_TOP], rcx
            ; add rcx, min
            ; mov [r11 + CI_SIZE + CI_TOP], rcx
            ; lea rcx, [r13 + a]
            ; sub rcx, rdi
            ; shr rcx, 4
            ; mov [r11 + CI_SIZE + CI_FUNC], rcx
            ; mov QWORD [r11 + CI_SIZE + CI_SAVEDPC], 0
            ; mov DWORD [r11 + CI_SIZE + CI_NRESULTS], nresults
            ; mov WORD [r11 + CI_SIZE + CI_STATUS], CIST_C as i16
            ; mov DWORD [r11 + CI_SIZE + CI_NEXTRA], 0
            ; mov [r12 + S_CI], rax
            ; mov rdi, r12
            ; mov rax, QWORD tramp
            ; call rax
            ; mov r13, [r12 + BASE_OFF]
        );
        if tail.is_none() {
            asm!(self.ops
                ; cmp eax, ST_OK as i32
                ; je =>next
                ; jmp =>exit
            );
        } else {
            self.exit_returned();
        }
    }

    /// Leaves the frame after a helper that may have returned from it (RETURN*, TAILCALL):
    /// with `ST_RETURNED`, `r13` is set to the frame's own base again (`fin` left the
    /// caller's there), as the inline returns leave it: a compiled caller finds its own base
    /// below it (`inline_call`). The returned frame's `CallInfo` is `l.ci + 1`, its function
    /// slot back where the caller put it.
    pub(super) fn exit_returned(&mut self) {
        let exit = self.exit;
        asm!(self.ops
            ; cmp eax, ST_RETURNED as i32
            ; jne =>exit
            ; mov rcx, [r12 + S_CI]
            ; imul rcx, rcx, CI_SIZE
            ; add rcx, [r12 + J_CIS_PTR]
            ; mov r13, [rcx + CI_SIZE + CI_FUNC]
            ; shl r13, 4
            ; add r13, [r12 + J_STACK_PTR]
            ; add r13, 16
            ; jmp =>exit
        );
    }

    /// Inline library functions (`stdlib::math::JIT_*`), for a CALL of the light function in
    /// `rsi` (the payload of `R[a]`) with at least one argument and one result wanted:
    /// `math.floor` and `math.sqrt` of a number computed in place (no frame: nothing can
    /// fail or allocate, and no hook is set), continuing at `next`. Anything else (other
    /// functions, other argument types, a floor out of the integer range, hooks) goes to
    /// `call` (the native call, `rsi` kept).
    fn builtins(&mut self, a: i32, call: DynamicLabel, next: DynamicLabel) {
        let floor = crate::stdlib::math::JIT_FLOOR as *const () as usize as i64;
        let sqrt = crate::stdlib::math::JIT_SQRT as *const () as usize as i64;
        self.sym(floor as u64, "math.floor".into());
        self.sym(sqrt as u64, "math.sqrt".into());
        let not_floor = self.ops.new_dynamic_label();
        let not_sqrt = self.ops.new_dynamic_label();
        let int = self.ops.new_dynamic_label();
        let sqrt_int = self.ops.new_dynamic_label();
        let sqrt_go = self.ops.new_dynamic_label();
        let arg = a + 16;
        if std::is_x86_feature_detected!("sse4.1") {
            asm!(self.ops
                ; mov rax, QWORD floor
                ; cmp rsi, rax
                ; jne =>not_floor
                ; cmp BYTE [r12 + J_FORCE_INTERP], 0
                ; jne =>call
                ; cmp BYTE [r13 + arg + 8], T_INT as i8
                ; je =>int
                ; cmp BYTE [r13 + arg + 8], T_FLT as i8
                ; jne =>call
                ; movsd xmm0, [r13 + arg]
                // floor, no precision exception
                ; roundsd xmm0, xmm0, 9
                ; cvttsd2si rax, xmm0
                // out of range (or NaN, or exactly -2^63): the library function decides
                ; mov rcx, QWORD i64::MIN
                ; cmp rax, rcx
                ; je =>call
                ; mov [r13 + a], rax
                ; mov QWORD [r13 + a + 8], T_INT as i32
            );
            self.fb(crate::jit::FB_FLOOR);
            asm!(self.ops
                ; jmp =>next
                ; =>int
                ; mov rax, [r13 + arg]
                ; mov [r13 + a], rax
                ; mov QWORD [r13 + a + 8], T_INT as i32
            );
            self.fb(crate::jit::FB_FLOOR);
            asm!(self.ops
                ; jmp =>next
                ; =>not_floor
            );
        }
        asm!(self.ops
            ; mov rax, QWORD sqrt
            ; cmp rsi, rax
            ; jne =>not_sqrt
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>call
            ; cmp BYTE [r13 + arg + 8], T_INT as i8
            ; je =>sqrt_int
            ; cmp BYTE [r13 + arg + 8], T_FLT as i8
            ; jne =>call
            ; movsd xmm0, [r13 + arg]
            ; jmp =>sqrt_go
            ; =>sqrt_int
            ; cvtsi2sd xmm0, QWORD [r13 + arg]
            ; =>sqrt_go
            ; sqrtsd xmm0, xmm0
            ; movsd [r13 + a], xmm0
            ; mov QWORD [r13 + a + 8], T_FLT as i32
        );
        self.fb(crate::jit::FB_SQRT);
        asm!(self.ops
            ; jmp =>next
            ; =>not_sqrt
        );
    }

    /// CALL: the compiled call paths (`inline_call`), then the helper; continues at the
    /// next instruction (falls through to it on the main line).
    pub(super) fn generic_call(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        if i.b() != 0 {
            self.inline_call(pc, i)?;
        }
        self.fb(crate::jit::FB_OTHER);
        self.call_ok(h_call, "h_call", pc, i);
        Ok(())
    }

    /// Tuned code: the builtin that is the only callee a CALL with one argument and one
    /// result has seen (its feedback).
    pub(super) fn builtin_site(&self, pc: usize, i: Instr) -> Option<Builtin> {
        if self.mode != Mode::Tuned || i.b() != 2 || i.c() != 2 {
            return None;
        }
        let fb = self.p.feedback.get(pc).copied().unwrap_or(0) as u8;
        let others = crate::jit::FB_INT | crate::jit::FB_OTHER;
        match fb & (others | crate::jit::FB_SQRT | crate::jit::FB_FLOOR) {
            crate::jit::FB_SQRT => Some(Builtin::Sqrt),
            crate::jit::FB_FLOOR if std::is_x86_feature_detected!("sse4.1") => Some(Builtin::Floor),
            _ => None,
        }
    }

    /// The main line of a CALL site tuned for builtin `f` (`builtin_site`): `f` of a float
    /// computed in place (its argument from the float cache when there), falling through to
    /// the next instruction; anything else jumps to `generic` (the whole call).
    pub(super) fn builtin_first(&mut self, i: Instr, f: Builtin, generic: DynamicLabel) {
        let a = r(i.a());
        let arg = a + 16;
        let addr = match f {
            Builtin::Sqrt => crate::stdlib::math::JIT_SQRT,
            Builtin::Floor => crate::stdlib::math::JIT_FLOOR,
        } as *const () as usize as i64;
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_LCF as i8
            ; jne =>generic
            ; mov rax, QWORD addr
            ; cmp [r13 + a], rax
            ; jne =>generic
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>generic
            ; cmp BYTE [r13 + arg + 8], T_FLT as i8
            ; jne =>generic
        );
        self.fc_load(0, arg);
        match f {
            Builtin::Sqrt => {
                asm!(self.ops
                    ; sqrtsd xmm0, xmm0
                    ; movsd [r13 + a], xmm0
                    ; mov QWORD [r13 + a + 8], T_FLT as i32
                );
                let x = self.fc.assign(a);
                asm!(self.ops ; movapd Rx(x), xmm0);
            }
            Builtin::Floor => {
                asm!(self.ops
                    ; roundsd xmm0, xmm0, 9
                    ; cvttsd2si rax, xmm0
                    ; mov rcx, QWORD i64::MIN
                    ; cmp rax, rcx
                    ; je =>generic
                    ; mov [r13 + a], rax
                    ; mov QWORD [r13 + a + 8], T_INT as i32
                );
                self.fc.forget(a, a);
            }
        }
    }

    /// String library functions at a CALL of the light function in `rsi` with `nargs`
    /// (at least one) fixed arguments and one result wanted, after [`Cx::builtins`]:
    /// `string.byte(s [, i])` with `i` inside the string reads the byte inline;
    /// `string.sub(s, i [, j])` is computed by `jit_str_sub` without a native frame (no
    /// hook is set, so no call event is due). Anything else goes to `call` (the native call,
    /// `rsi` = the function, `r10`/`r11` = `l.ci` and its `CallInfo`, as `native_call` has
    /// them), which raises the errors.
    fn str_builtins(&mut self, a: i32, nargs: i32, call: DynamicLabel, next: DynamicLabel) {
        let byte = crate::stdlib::string::JIT_BYTE as *const () as usize as i64;
        let sub = crate::stdlib::string::JIT_SUB as *const () as usize as i64;
        self.sym(byte as u64, "string.byte".into());
        self.sym(sub as u64, "string.sub".into());
        // Only the tests are in line; the bodies are out of line.
        if nargs <= 2 {
            let is_byte = self.ops.new_dynamic_label();
            asm!(self.ops
                ; mov rax, QWORD byte
                ; cmp rsi, rax
                ; je =>is_byte
            );
            self.defer(move |cx| {
                cx.str_byte(a, nargs, is_byte, call, next);
                Ok(())
            });
        }
        if nargs >= 2 {
            let is_sub = self.ops.new_dynamic_label();
            asm!(self.ops
                ; mov rax, QWORD sub
                ; cmp rsi, rax
                ; je =>is_sub
            );
            self.defer(move |cx| {
                cx.str_sub(a, nargs, is_sub, call, next);
                Ok(())
            });
        }
    }

    /// `string.byte(s [, i])` (label `is_byte`; `nargs` is 1 or 2): the byte when `i` is an
    /// integer inside the string, else `call`.
    fn str_byte(
        &mut self,
        a: i32,
        nargs: i32,
        is_byte: DynamicLabel,
        call: DynamicLabel,
        next: DynamicLabel,
    ) {
        const S_LEN: i32 = std::mem::offset_of!(LuaString, len) as i32;
        const S_DATA: i32 = std::mem::size_of::<LuaString>() as i32;
        let arg = a + 16;
        asm!(self.ops
            ; =>is_byte
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>call
            // a string (T_SHRSTR or T_LNGSTR)
            ; movzx eax, BYTE [r13 + arg + 8]
            ; or eax, 1
            ; cmp eax, T_LNGSTR as i32
            ; jne =>call
            ; mov rax, [r13 + arg]
        );
        if nargs == 1 {
            asm!(self.ops ; xor ecx, ecx);
        } else {
            asm!(self.ops
                ; cmp BYTE [r13 + arg + 24], T_INT as i8
                ; jne =>call
                ; mov rcx, [r13 + arg + 16]
                ; sub rcx, 1
            );
        }
        asm!(self.ops
            // 1 <= i <= #s (unsigned: i < 1 wraps above the length)
            ; cmp rcx, [rax + S_LEN]
            ; jae =>call
            ; movzx ecx, BYTE [rax + rcx + S_DATA]
            ; mov [r13 + a], rcx
            ; mov QWORD [r13 + a + 8], T_INT as i32
            ; jmp =>next
        );
    }

    /// `string.sub(s, i [, j])` (label `is_sub`; `nargs` at least 2) by `jit_str_sub`; when
    /// it did nothing, `call` with `rsi`, `r10` and `r11` reloaded.
    fn str_sub(
        &mut self,
        a: i32,
        nargs: i32,
        is_sub: DynamicLabel,
        call: DynamicLabel,
        next: DynamicLabel,
    ) {
        let helper = jit_str_sub as *const () as usize as i64;
        self.sym(helper as u64, "jit_str_sub".into());
        let exit = self.exit;
        asm!(self.ops
            ; =>is_sub
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>call
            ; mov rdi, r12
            ; lea rsi, [r13 + a]
            ; mov edx, nargs
            ; mov rax, QWORD helper
            ; call rax
            ; mov r13, [r12 + BASE_OFF]
            ; cmp eax, ST_OK as i32
            ; je =>next
            ; cmp eax, ST_FALLBACK as i32
            ; jne =>exit
            // nothing done: the ordinary call (its registers reloaded)
            ; mov rsi, [r13 + a]
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; jmp =>call
        );
    }

    /// TAILCALL with fixed arguments from a frame with nothing to close and no varargs. A
    /// compiled Lua function: what `h_tailcall` does (move the function and arguments down to
    /// the frame's function slot, reuse the `CallInfo`), then a jump to the callee's pc 0 in
    /// the same native frame (the code block at `[rsp]` is swapped). A native
    /// function: called inline, then this frame returns its results (`native_call`). Falls
    /// through to the helper otherwise (`__call`, missing arguments, hooks, stack growth).
    pub(super) fn inline_tailcall(&mut self, pc: usize, i: Instr) {
        let a = r(i.a());
        let b = i.b() as i32;
        let nargs = b - 1;
        let slow = self.ops.new_dynamic_label();
        let native = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_LCL as i8
            ; jne =>native
            ; mov rsi, [r13 + a]
            ; mov rax, [rsi + LCL_PROTO]
            ; mov r8, [rax + P_JIT_CODE]
            ; test r8, r8
            ; jz =>slow
            ; cmp BYTE [rax + P_NUMPARAMS], nargs as i8
            ; ja =>slow
            // debug hooks: callees run in the interpreter
            ; cmp BYTE [r12 + J_FORCE_INTERP], 0
            ; jne =>slow
            // `check_stack(fsize)` with the top at the last argument, as the helper
            ; movzx r9d, BYTE [rax + P_MAXSTACK]
            ; shl r9, 4
            ; lea rcx, [r13 + r9 + (a + b * 16)]
            ; cmp rcx, [r12 + J_STACK_LIMIT]
            ; ja =>slow
        );
        // The function and its arguments down to the frame's function slot (upward copy:
        // the destination is below the source).
        for j in 0..b {
            asm!(self.ops
                ; mov rdx, [r13 + a + j * 16]
                ; mov rcx, [r13 + a + j * 16 + 8]
                ; mov [r13 - 16 + j * 16], rdx
                ; mov [r13 - 8 + j * 16], rcx
            );
        }
        asm!(self.ops
            // the frame: top = func + 1 + maxstack, pc 0, marked as a tail call
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; mov rcx, r13
            ; sub rcx, [r12 + J_STACK_PTR]
            ; shr rcx, 4
            ; shr r9, 4
            ; add r9, rcx
            ; mov [r11 + CI_TOP], r9
            ; mov QWORD [r11 + CI_SAVEDPC], 0
            ; or WORD [r11 + CI_STATUS], CIST_TAIL as i16
            ; add rcx, nargs
            ; mov [r12 + S_TOP], rcx
        );
        self.fb(crate::jit::FB_INT);
        asm!(self.ops
            // this native frame now runs the callee's block
            ; mov [rsp], r8
            ; mov r15, rsi
            ; mov r14, [rax + PROTO_K]
            ; mov rbx, [rax + P_JIT_FEEDBACK]
            ; jmp QWORD [r8 + JC_ENTRY0]
        );
        self.native_call(a, nargs, MULTRET, native, slow, slow, Some(pc));
        asm!(self.ops ; =>slow);
    }

    /// RETURN0/RETURN1 of a frame whose caller wants 0, 1 or all results (what `h_return`
    /// does for these); falls through to the
    /// helper otherwise.
    pub(super) fn inline_return(&mut self, i: Instr) {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        let one = self.ops.new_dynamic_label();
        let done = self.ops.new_dynamic_label();
        let other = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
            ; mov rcx, [r11 + CI_FUNC]
            ; mov edx, DWORD [r11 + CI_NRESULTS]
        );
        if i.op() == Op::Return1 {
            // the common case first: one result wanted
            asm!(self.ops
                ; cmp edx, 1
                ; jne =>other
                ; =>one
                ; mov rax, [r13 + a]
                ; mov rdx, [r13 + a + 8]
                ; mov [r13 - 16], rax
                ; mov [r13 - 8], rdx
                ; inc rcx
                ; =>done
            );
        } else {
            // RETURN0 with one result wanted: nil; with all results wanted: none.
            asm!(self.ops
                ; test edx, edx
                ; jne =>other
                ; =>done
            );
        }
        self.return_tail();
        asm!(self.ops ; =>other);
        if i.op() == Op::Return1 {
            asm!(self.ops
                ; test edx, edx
                ; je =>done
                ; cmp edx, -1
                ; je =>one
                ; jmp =>slow
            );
        } else {
            asm!(self.ops
                ; cmp edx, -1
                ; je =>done
                ; cmp edx, 1
                ; jne =>slow
                ; mov QWORD [r13 - 16], 0
                ; mov QWORD [r13 - 8], T_NIL as i32
                ; inc rcx
                ; jmp =>done
            );
        }
        asm!(self.ops ; =>slow);
    }

    /// The end of an inline return (`rcx` = the new top, `r10` = `l.ci`): pops the frame and
    /// leaves with `ST_RETURNED` (the exit inlined: drop the block at `[rsp]`, return; the
    /// generic entry makes it `ST_RETURNED_FRESH` for a frame Rust code called).
    fn return_tail(&mut self) {
        asm!(self.ops
            ; mov [r12 + S_TOP], rcx
            ; dec r10
            ; mov [r12 + S_CI], r10
            ; mov eax, ST_RETURNED as i32
            ; pop rcx
            ; ret
        );
    }

    /// RETURN of B-1 values (no upvalues to close, not vararg), when the caller wants all
    /// results or at most that many; else falls
    /// through.
    pub(super) fn inline_return_n(&mut self, i: Instr) {
        let a = r(i.a());
        let n = i.b() as i32 - 1;
        let slow = self.ops.new_dynamic_label();
        let fixed = self.ops.new_dynamic_label();
        let copied = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov r10, [r12 + S_CI]
            ; imul r11, r10, CI_SIZE
            ; add r11, [r12 + J_CIS_PTR]
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
        );
        self.return_tail();
        asm!(self.ops ; =>slow);
    }
}
