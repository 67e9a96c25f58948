//! Table access templates of the baseline compiler: hash-chain lookups of short-string
//! keys, raw lookups, `__index` table chains, and the GET*/SET* instructions.

use super::*;

impl Cx<'_> {
    /// Looks up short string `key` in the table at `rax`; leaves the node in `rdx` or jumps
    /// to `miss`. Clobbers rcx, rsi.
    pub(super) fn shortstr_lookup(&mut self, key: Value, miss: DynamicLabel) {
        // SAFETY: `key` is a short-string constant of the prototype (kept alive by it).
        let hash = unsafe { (*key.as_str()).hash };
        let kp = key.v as i64;
        self.sym(
            kp as u64,
            format!("\"{}\"", String::from_utf8_lossy(key.str_bytes())),
        );
        let lp = self.ops.new_dynamic_label();
        let next = self.ops.new_dynamic_label();
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
            ; jne =>next
        );
        self.defer_chain_step(lp, next, miss);
    }

    /// The rest of a hash chain walk, out of line (most keys sit in their main position):
    /// `next` follows the chain from the node in `rdx` back to `lp`, or to `miss` at its end.
    fn defer_chain_step(&mut self, lp: DynamicLabel, next: DynamicLabel, miss: DynamicLabel) {
        self.defer(move |cx| {
            asm!(cx.ops
                ; =>next
                ; movsxd rcx, DWORD [rdx + N_NEXT]
                ; test rcx, rcx
                ; jz =>miss
                ; imul rcx, rcx, NODE_SIZE
                ; add rdx, rcx
                ; jmp =>lp
            );
            Ok(())
        });
    }

    /// As `shortstr_lookup` with the key (a short string) in `rsi` at run time.
    pub(super) fn shortstr_lookup_dyn(&mut self, miss: DynamicLabel) {
        let lp = self.ops.new_dynamic_label();
        let next = self.ops.new_dynamic_label();
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
            ; jne =>next
        );
        self.defer_chain_step(lp, next, miss);
    }

    /// `rax` = slot of `R[t][R[k]]` (a table) by `Table::get`, `edx` = its tag; jumps to
    /// `absent` when the value is nil.
    pub(super) fn raw_lookup(&mut self, t: i32, k: i32, absent: DynamicLabel) {
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

    /// `R[a] = R[t][R[k]]` inline for a key compared by identity (a table, function,
    /// userdata or thread: `Table::get_identity`, PUC's pointer hash `hashmod`), then to
    /// `done`; an absent key goes to `nilv` with the table in `rax`. Other keys fall through.
    /// Clobbers rax, rcx, rdx, rsi, r8, r9, r10.
    pub(super) fn identity_lookup(
        &mut self,
        a: i32,
        t: i32,
        k: i32,
        nilv: DynamicLabel,
        done: DynamicLabel,
    ) {
        let other = self.ops.new_dynamic_label();
        let lp = self.ops.new_dynamic_label();
        let next = self.ops.new_dynamic_label();
        let absent = self.ops.new_dynamic_label();
        asm!(self.ops
            ; movzx ecx, BYTE [r13 + k + 8]
            ; cmp ecx, T_TABLE as i32
            ; jb =>other
            ; mov r10d, ecx
            ; mov r9, [r13 + t]
            ; mov rsi, [r13 + k]
            // The main position: (key as u32) % ((size - 1) | 1).
            ; movzx ecx, BYTE [r9 + T_LSIZENODE]
            ; mov r8d, 1
            ; shl r8d, cl
            ; dec r8d
            ; or r8d, 1
            ; mov eax, esi
            ; xor edx, edx
            ; div r8d
            ; imul rdx, rdx, NODE_SIZE
            ; add rdx, [r9 + T_NODE]
            ; =>lp
            ; cmp [rdx + N_KEY_V], rsi
            ; jne =>next
            ; cmp BYTE [rdx + N_KEY_TT], r10b
            ; jne =>next
            ; movzx ecx, BYTE [rdx + N_VAL_TT]
            ; cmp ecx, T_NIL as i32
            ; je =>absent
            ; mov rax, [rdx + N_VAL_V]
            ; mov [r13 + a], rax
            ; mov [r13 + a + 8], rcx
        );
        self.fb(crate::jit::FB_HIT);
        self.defer_chain_step(lp, next, absent);
        asm!(self.ops
            ; jmp =>done
            ; =>absent
            ; mov rax, r9
            ; jmp =>nilv
            ; =>other
        );
    }

    /// Node in rdx holds a non-nil value: copy it to register `dst`, else jump to `miss`.
    pub(super) fn node_get(&mut self, dst: i32, miss: DynamicLabel) {
        asm!(self.ops
            ; movzx ecx, BYTE [rdx + N_VAL_TT]
            ; cmp ecx, T_NIL as i32
            ; je =>miss
            ; mov rax, [rdx + N_VAL_V]
            ; mov [r13 + dst], rax
            ; mov [r13 + dst + 8], rcx
        );
        self.fc_result(dst);
    }

    /// Labels of the function's shared `__index` chain subroutine (emitted once at the end
    /// by [`Cx::emit_index_chain`]): (entry with the table in `rax`, entry with a metatable
    /// in `rax` for non-table receivers).
    fn index_chain_labels(&mut self) -> (DynamicLabel, DynamicLabel) {
        if self.chain.is_none() {
            let e = self.ops.new_dynamic_label();
            let m = self.ops.new_dynamic_label();
            self.chain = Some((e, m));
        }
        self.chain.unwrap()
    }

    /// `t[key]` is nil for the table at `rax`: checks this site's copy of the method cache
    /// entry (metatable of the table, slot, epoch: hit when the metatable and epoch match
    /// and the slot is not nil), else calls the shared `__index` chain subroutine with the
    /// key in `rsi` and the site in `rdi` (it refreshes the site); stores the value in
    /// register `a` and jumps to `done`, or jumps to `slow`.
    /// With `strmt`: also an entry label where `rax` holds the metatable of a non-table
    /// receiver (strings).
    fn index_chain_at(
        &mut self,
        a: i32,
        key: Value,
        slow: DynamicLabel,
        done: DynamicLabel,
        strmt: Option<DynamicLabel>,
    ) {
        let (entry, mt) = self.index_chain_labels();
        let nil = self.ops.new_dynamic_label();
        let res = self.ops.new_dynamic_label();
        let found = self.ops.new_dynamic_label();
        let call = self.ops.new_dynamic_label();
        let kp = key.v as i64;
        // This site's copy of the method cache entry of (metatable, key): the scratch site
        // (written, never checked) if the count of sites was exceeded.
        let last = self.sites.len() / 3 - 1;
        let idx = self.site_next.min(last);
        self.site_next += 1;
        // SAFETY: `idx` is within `sites`.
        let site = unsafe { self.sites.as_ptr().add(3 * idx) } as i64;
        self.sym(site as u64, format!("site {}", idx));
        let epoch = self.mcache as i64 + std::mem::offset_of!(MethodCache, epoch) as i64;
        self.sym(epoch as u64, "method cache epoch".into());
        asm!(self.ops ; mov rdi, QWORD site);
        if idx < last {
            asm!(self.ops
                ; mov rcx, [rax + T_METATABLE]
                ; cmp rcx, [rdi]
                ; jne =>call
                ; mov rcx, QWORD epoch
                ; mov rcx, [rcx]
                ; cmp rcx, [rdi + 16]
                ; jne =>call
                ; mov rdx, [rdi + 8]
                ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                ; jne =>found
            );
        }
        asm!(self.ops ; =>call ; mov rsi, QWORD kp ; call =>entry);
        if let Some(sm) = strmt {
            asm!(self.ops
                ; jmp =>res
                ; =>sm
                ; mov rax, [r12 + S_MT_STRING]
                ; mov rsi, QWORD kp
                ; mov rdi, QWORD site
                ; call =>mt
            );
        }
        asm!(self.ops
            ; =>res
            ; cmp rdx, 1
            ; je =>slow
            ; jb =>nil
            ; =>found
            ; mov rax, [rdx + N_VAL_V]
            ; movzx ecx, BYTE [rdx + N_VAL_TT]
            ; mov [r13 + a], rax
            ; mov [r13 + a + 8], rcx
        );
        self.fb(crate::jit::FB_CHAIN);
        asm!(self.ops
            ; jmp =>done
            ; =>nil
            ; mov QWORD [r13 + a], 0
            ; mov QWORD [r13 + a + 8], T_NIL as i32
            ; jmp =>done
        );
    }

    /// The shared `__index` chain subroutine (if used): with a short-string key in `rsi`,
    /// from the table in `rax` (or, at the second entry, from the metatable in `rax`):
    /// first the method cache (`object/mcache.rs`: entry `((mt >> 4) ^ hash) & mask`, hit
    /// when metatable, key and epoch match and the cached slot is not nil), else follows
    /// `__index` tables (up to 4 levels: class hierarchies), marking the tables it visits
    /// `PROTO`, and fills the cache entry with the slot it finds; a hit or a fill also
    /// copies the entry into the caller's site at `rdi` (see `index_chain_at`). Returns in `rdx` the node
    /// (or cached slot) of a non-nil value found, 0 when the result is nil (no metatable or
    /// a cached-absent `__index`), 1 for anything else (functions, longer chains: the
    /// helper's work). Clobbers rax, rcx, rsi, r8, r9, r10, r11.
    /// A site copy holds the same (metatable, key) → slot at the same epoch as the entry it
    /// was taken from (its key is the site's constant), so it is exactly as valid.
    pub(super) fn emit_index_chain(&mut self) {
        let Some((entry, mt)) = self.chain else {
            return;
        };
        let nil = self.ops.new_dynamic_label();
        let lp = self.ops.new_dynamic_label();
        let absent = self.ops.new_dynamic_label();
        let slow = self.ops.new_dynamic_label();
        let checked = self.ops.new_dynamic_label();
        let probe = self.ops.new_dynamic_label();
        let walk = self.ops.new_dynamic_label();
        // The fixed "__index" string lives as long as the state.
        let tm = Value::str(self.tm_index);
        // The method cache is boxed in the state's heap, which outlives the code.
        let mc = self.mcache as i64;
        self.sym(mc as u64, "method cache".into());
        let epoch = std::mem::offset_of!(MethodCache, epoch) as i32;
        let mask = (crate::object::mcache::MC_SIZE - 1) as i32;
        let shift = crate::object::mcache::ME_SIZE.trailing_zeros() as i8;
        let index = 1 << (crate::vm::TM::Index as u32);
        asm!(self.ops
            ; =>entry
            ; mov rax, [rax + T_METATABLE]
            ; test rax, rax
            ; jz =>nil
            // The metatable in rax (not null), the key in rsi.
            ; =>probe
            ; mov r10, rsi
            ; mov rcx, rax
            ; shr rcx, 4
            ; xor ecx, DWORD [rsi + S_HASH]
            ; and ecx, mask
            ; shl ecx, shift
            ; mov r11, QWORD mc
            ; mov r9, [r11 + epoch]
            ; add r11, rcx
            ; cmp [r11], rax
            ; jne =>walk
            ; cmp [r11 + 8], rsi
            ; jne =>walk
            ; cmp [r11 + 24], r9
            ; jne =>walk
            ; mov rdx, [r11 + 16]
            ; cmp BYTE [rdx + 8], T_NIL as i8
            ; je =>walk
            ; mov [rdi], rax
            ; mov [rdi + 8], rdx
            ; mov [rdi + 16], r9
            ; ret
            // A miss: walk from the metatable in rax; r8 keeps it, r11 the entry.
            ; =>walk
            ; test DWORD [rax + T_FLAGS], index
            ; jnz =>nil
            ; mov r8, rax
            ; mov r9d, 4
            ; jmp =>checked
            ; =>lp
            ; mov rax, [rax + T_METATABLE]
            ; test rax, rax
            ; jz =>nil
            ; test DWORD [rax + T_FLAGS], index
            ; jnz =>nil
            ; =>checked
            ; or BYTE [rax + T_EXTRA], PROTO
        );
        self.shortstr_lookup(tm, slow);
        asm!(self.ops
            ; cmp BYTE [rdx + N_VAL_TT], T_TABLE as i8
            ; jne =>slow
            ; mov rax, [rdx + N_VAL_V]
            ; or BYTE [rax + T_EXTRA], PROTO
            ; mov rsi, r10
        );
        self.shortstr_lookup_dyn(absent);
        asm!(self.ops
            ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
            ; je =>absent
            // Found: every table of the chain is marked, fill the entry.
            ; mov [r11], r8
            ; mov [r11 + 8], r10
            ; mov [r11 + 16], rdx
            ; mov rcx, QWORD mc
            ; mov rcx, [rcx + epoch]
            ; mov [r11 + 24], rcx
            ; mov [rdi], r8
            ; mov [rdi + 8], rdx
            ; mov [rdi + 16], rcx
            ; ret
            ; =>absent
            ; dec r9d
            ; jnz =>lp
            ; =>slow
            ; mov edx, 1
            ; ret
            ; =>nil
            ; xor edx, edx
            ; ret
            // No metatable or no `__index` is an error for non-tables: the helper raises it.
            ; =>mt
            ; test rax, rax
            ; jz =>slow
            ; test DWORD [rax + T_FLAGS], index
            ; jnz =>slow
            ; jmp =>probe
        );
    }

    /// GETTABUP/GETFIELD/SELF: short-string keys inline (hash chain, `__index` tables, string methods).
    pub(super) fn op_get_field(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        self.lab(pc + 1)?;
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
            let nontab = self.ops.new_dynamic_label();
            if i.op() != Op::GetTabUp {
                // Tables; strings (methods through the string metatable, out of line).
                let b = r(i.b());
                asm!(self.ops
                    ; movzx ecx, BYTE [r13 + b + 8]
                    ; cmp ecx, T_TABLE as i32
                    ; jne =>nontab
                    ; mov rax, [r13 + b]
                );
            }
            let absent = self.ops.new_dynamic_label();
            self.shortstr_lookup(key, absent);
            self.node_get(a, absent);
            self.fb(crate::jit::FB_HIT);
            // The main path falls through to the next instruction; the rest out of line.
            let op = i.op();
            self.defer(move |cx| {
                let done = cx.lab(pc + 1)?;
                if op != Op::GetTabUp {
                    asm!(cx.ops
                        ; =>nontab
                        ; or ecx, 1
                        ; cmp ecx, T_LNGSTR as i32
                        ; je =>strmt
                        ; jmp =>slow
                    );
                }
                asm!(cx.ops ; =>absent);
                if op == Op::GetTabUp {
                    asm!(cx.ops ; jmp =>slow);
                } else {
                    cx.index_chain_at(a, key, slow, done, Some(strmt));
                }
                cx.get_slow(pc, i, slow);
                Ok(())
            });
            return Ok(());
        }
        self.get_slow(pc, i, slow);
        Ok(())
    }

    /// `slow`: `h_get` (metamethods, other keys and receivers), then to the next
    /// instruction.
    fn get_slow(&mut self, pc: usize, i: Instr, slow: DynamicLabel) {
        asm!(self.ops ; =>slow);
        self.fb(crate::jit::FB_SLOW);
        self.call_ok(h_get, "h_get", pc, i);
        let done = self.lab(pc + 1).unwrap_or(self.labels[pc + 1]);
        asm!(self.ops ; jmp =>done);
    }

    /// GETTABLE/GETI: array part, short-string and other keys inline. The main line is the
    /// array-part hit (falling through to the next instruction); the rest is out of line.
    pub(super) fn op_get_table(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        self.lab(pc + 1)?;
        let b = r(i.b());
        // A nil value of the array part (or of an empty hash part) with no `__index` is
        // the result: table in `rax`.
        let nilv = self.ops.new_dynamic_label();
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
                ; je =>nilv
                ; mov rax, [rcx]
                ; mov [r13 + a], rax
                ; mov [r13 + a + 8], rdx
            );
            self.fc_result(a);
            self.fb(crate::jit::FB_HIT);
            self.defer(move |cx| {
                let done = cx.lab(pc + 1)?;
                // A short-string key: walk the hash chain.
                asm!(cx.ops
                    ; =>strkey
                    ; cmp BYTE [r13 + c + 8], T_SHRSTR as i8
                    ; jne =>raw
                    ; mov rax, [r13 + b]
                    ; mov rsi, [r13 + c]
                );
                // An absent key (or a nil value) with the table still in `rax`: nil
                // unless `__index` may apply (`nilv`).
                cx.shortstr_lookup_dyn(nilv);
                cx.node_get(a, nilv);
                cx.fb(crate::jit::FB_HIT);
                asm!(cx.ops ; jmp =>done ; =>raw);
                // Other keys (and integers outside the array part): a raw lookup by a
                // plain call (which cannot move the stack); absent keys reload the table
                // for `nilv`.
                cx.identity_lookup(a, b, c, nilv, done);
                let absent = cx.ops.new_dynamic_label();
                cx.raw_lookup(b, c, absent);
                asm!(cx.ops
                    ; mov rcx, [rax]
                    ; mov [r13 + a], rcx
                    ; mov [r13 + a + 8], rdx
                );
                cx.fb(crate::jit::FB_HIT);
                asm!(cx.ops
                    ; jmp =>done
                    ; =>absent
                    ; mov rax, [r13 + b]
                    ; jmp =>nilv
                );
                cx.get_nil_or_slow(pc, i, nilv, slow)
            });
        } else if i.c() > 0 {
            let c = i.c() as i32;
            let outside = self.ops.new_dynamic_label();
            asm!(self.ops
                ; cmp BYTE [r13 + b + 8], T_TABLE as i8
                ; jne =>slow
                ; mov rax, [r13 + b]
                ; cmp DWORD [rax + T_ASIZE], c
                ; jb =>outside
                ; mov rcx, [rax + T_ARRAY]
                ; movzx edx, BYTE [rcx + (c - 1) * 16 + 8]
                ; cmp edx, T_NIL as i32
                ; je =>nilv
                ; mov rax, [rcx + (c - 1) * 16]
                ; mov [r13 + a], rax
                ; mov [r13 + a + 8], rdx
            );
            self.fc_result(a);
            self.fb(crate::jit::FB_HIT);
            self.defer(move |cx| {
                // Outside the array part: absent when the hash part is empty (the dummy node).
                asm!(cx.ops
                    ; =>outside
                    ; cmp QWORD [rax + T_LASTFREE], 0
                    ; jne =>slow
                );
                cx.get_nil_or_slow(pc, i, nilv, slow)
            });
        } else {
            self.get_slow(pc, i, slow);
        }
        Ok(())
    }

    /// `nilv` (falls into it too): an absent key of the table in `rax` is nil unless a
    /// metatable may have `__index` (its flag caches absence); then `slow` (`get_slow`).
    fn get_nil_or_slow(
        &mut self,
        pc: usize,
        i: Instr,
        nilv: DynamicLabel,
        slow: DynamicLabel,
    ) -> Result<(), String> {
        let done = self.lab(pc + 1)?;
        let a = r(i.a());
        let isnil = self.ops.new_dynamic_label();
        asm!(self.ops
            ; =>nilv
            ; mov rcx, [rax + T_METATABLE]
            ; test rcx, rcx
            ; jz =>isnil
            ; test DWORD [rcx + T_FLAGS], 1 << (crate::vm::TM::Index as u32)
            ; jz =>slow
            ; =>isnil
            ; mov QWORD [r13 + a], 0
            ; mov QWORD [r13 + a + 8], T_NIL as i32
        );
        self.fb(crate::jit::FB_HIT);
        asm!(self.ops ; jmp =>done);
        self.get_slow(pc, i, slow);
        Ok(())
    }

    /// Jumps to `slow` unless the table in `r8` has no metatable or a metatable whose flags
    /// cache the absence of `__newindex` (`State::fast_tm`). Clobbers `r9`.
    fn no_newindex(&mut self, slow: DynamicLabel) {
        let ok = self.ops.new_dynamic_label();
        asm!(self.ops
            ; mov r9, [r8 + T_METATABLE]
            ; test r9, r9
            ; jz =>ok
            ; test DWORD [r9 + T_FLAGS], 1 << (crate::vm::TM::NewIndex as u32)
            ; jz =>slow
            ; =>ok
        );
    }

    pub(super) fn op_set_field(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        self.lab(pc + 1)?;
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
            let nilslot = self.ops.new_dynamic_label();
            let store = self.ops.new_dynamic_label();
            if key.v == self.tm_index as u64 {
                // A new `__index` of a cached chain: `h_set` invalidates the method cache.
                asm!(self.ops
                    ; test BYTE [rax + T_EXTRA], PROTO
                    ; jnz =>slow
                );
            }
            self.shortstr_lookup(key, absent);
            asm!(self.ops
                ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                ; je =>nilslot
                ; =>store
            );
            self.load_rk(i);
            asm!(self.ops
                ; mov [rdx + N_VAL_V], rax
                ; mov [rdx + N_VAL_TT], cl
            );
            self.fb(crate::jit::FB_HIT);
            // The main path falls through to the next instruction; the rest out of line.
            self.defer(move |cx| cx.set_field_rest(pc, i, key, nilslot, store, absent, slow));
            return Ok(());
        }
        self.set_slow(pc, i, slow);
        Ok(())
    }

    /// `slow`: `h_set` (metamethods, new keys the inline paths do not handle), then to
    /// the next instruction.
    fn set_slow(&mut self, pc: usize, i: Instr, slow: DynamicLabel) {
        asm!(self.ops ; =>slow);
        self.fb(crate::jit::FB_SLOW);
        self.call_ok(h_set, "h_set", pc, i);
        let done = self.lab(pc + 1).unwrap_or(self.labels[pc + 1]);
        asm!(self.ops ; jmp =>done);
    }

    /// SETFIELD/SETTABUP out of line: an existing key with a nil value (`nilslot`, table in
    /// `rax`, node in `rdx`), an absent key (`absent`, table in `rax`), `slow`.
    #[allow(clippy::too_many_arguments)]
    fn set_field_rest(
        &mut self,
        pc: usize,
        i: Instr,
        key: Value,
        nilslot: DynamicLabel,
        store: DynamicLabel,
        absent: DynamicLabel,
        slow: DynamicLabel,
    ) -> Result<(), String> {
        let done = self.lab(pc + 1)?;
        {
            // An existing key with a nil value: a raw store when no `__newindex` may apply
            // (`interp::fast_set`); the table's metamethod-absence flags are reset, as a
            // metamethod name may come back.
            // A key of a table in a cached `__index` chain (method cache): `h_set`.
            asm!(self.ops
                ; =>nilslot
                ; mov r8, rax
                ; test BYTE [r8 + T_EXTRA], PROTO
                ; jnz =>slow
            );
            self.no_newindex(slow);
            asm!(self.ops ; mov DWORD [r8 + T_FLAGS], 0 ; jmp =>store);
            // A new key (`Table::new_key` when the main position is free): no
            // metatable, a real hash part, a non-nil value.
            // SAFETY: short-string constant of the prototype.
            let hash = unsafe { (*key.as_str()).hash };
            let kp = key.v as i64;
            asm!(self.ops
                ; =>absent
                ; mov r8, rax
                ; test BYTE [r8 + T_EXTRA], PROTO
                ; jnz =>slow
            );
            self.no_newindex(slow);
            let rawins = self.ops.new_dynamic_label();
            asm!(self.ops
                ; cmp QWORD [r8 + T_LASTFREE], 0
                ; je =>rawins
                ; movzx ecx, BYTE [r8 + T_LSIZENODE]
                ; mov edx, 1
                ; shl edx, cl
                ; dec edx
                ; and edx, hash as i32
                ; imul rdx, rdx, NODE_SIZE
                ; add rdx, [r8 + T_NODE]
                ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                ; jne =>rawins
            );
            // A nil value for an absent key stores nothing (`luaH_newkey`).
            self.load_rk(i);
            asm!(self.ops
                ; cmp ecx, T_NIL as i32
                ; je =>done
                ; mov [rdx + N_VAL_V], rax
                ; mov [rdx + N_VAL_TT], cl
                ; mov rsi, QWORD kp
                ; mov [rdx + N_KEY_V], rsi
                ; mov BYTE [rdx + N_KEY_TT], T_SHRSTR as i8
                ; mov DWORD [r8 + T_FLAGS], 0
            );
            self.fb(crate::jit::FB_CHAIN);
            asm!(self.ops ; jmp =>done ; =>rawins);
            // The main position is taken (or there is no hash part): the insertion by a
            // plain call, with the key constant in place (`jit_set_raw`).
            self.load_rk(i);
            let f = jit_set_raw as *const () as usize as i64;
            self.sym(f as u64, "jit_set_raw".into());
            let koff = (i.b() as i32) * 16;
            asm!(self.ops
                ; mov rdi, r12
                ; mov rsi, r8
                ; lea rdx, [r14 + koff]
                ; mov r8, rax
                ; mov rax, QWORD f
                ; call rax
                ; test eax, eax
                ; jz =>slow
            );
            self.fb(crate::jit::FB_CHAIN);
            asm!(self.ops ; jmp =>done);
        }
        self.set_slow(pc, i, slow);
        Ok(())
    }

    /// SETTABLE/SETI: array part, short-string and other existing keys inline.
    pub(super) fn op_set_table(&mut self, pc: usize, i: Instr) -> Result<(), String> {
        let a = r(i.a());
        let slow = self.ops.new_dynamic_label();
        self.lab(pc + 1)?;
        if i.k() {
            self.k(i.c())?;
        }
        let fast = i.op() == Op::SetTable || i.b() > 0;
        if !fast {
            self.set_slow(pc, i, slow);
            return Ok(());
        }
        // Main line: an integer key in the array part whose slot holds a value (falls
        // through to the next instruction); the rest out of line.
        let store = self.ops.new_dynamic_label();
        let nilslot = self.ops.new_dynamic_label();
        let outside = self.ops.new_dynamic_label();
        let other = self.ops.new_dynamic_label();
        asm!(self.ops
            ; cmp BYTE [r13 + a + 8], T_TABLE as i8
            ; jne =>slow
            ; mov rsi, [r13 + a]
        );
        if i.op() == Op::SetTable {
            let b = r(i.b());
            asm!(self.ops
                ; cmp BYTE [r13 + b + 8], T_INT as i8
                ; jne =>other
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
            ; je =>nilslot
            ; =>store
        );
        self.load_rk(i);
        asm!(self.ops
            ; mov [rdx], rax
            ; mov [rdx + 8], cl
        );
        self.fb(crate::jit::FB_HIT);
        self.defer(move |cx| {
            let done = cx.lab(pc + 1)?;
            // Empty slot: a raw store unless `__newindex` may apply.
            asm!(cx.ops ; =>nilslot ; mov r8, rsi);
            cx.no_newindex(slow);
            asm!(cx.ops
                ; mov DWORD [rsi + T_FLAGS], 0
                ; jmp =>store
            );
            if i.op() == Op::SetTable {
                let b = r(i.b());
                let raw = cx.ops.new_dynamic_label();
                asm!(cx.ops
                    ; =>other
                    // a short-string key with an existing non-nil value: store (a table
                    // of a cached `__index` chain: `h_set`, the key may be `__index`)
                    ; cmp BYTE [r13 + b + 8], T_SHRSTR as i8
                    ; jne =>raw
                    ; test BYTE [rsi + T_EXTRA], PROTO
                    ; jnz =>slow
                    ; mov rax, rsi
                    ; mov rsi, [r13 + b]
                );
                // Absent (or with a nil value): the raw path below, table in `rsi`.
                let strmiss = cx.ops.new_dynamic_label();
                cx.shortstr_lookup_dyn(strmiss);
                asm!(cx.ops
                    ; cmp BYTE [rdx + N_VAL_TT], T_NIL as i8
                    ; je =>strmiss
                );
                cx.load_rk(i);
                asm!(cx.ops
                    ; mov [rdx + N_VAL_V], rax
                    ; mov [rdx + N_VAL_TT], cl
                );
                cx.fb(crate::jit::FB_HIT);
                asm!(cx.ops ; jmp =>done ; =>strmiss ; mov rsi, rax ; jmp =>raw);
                // Other keys (and integers outside the array part): when no
                // `__newindex` may apply, a raw store or insertion by a plain call
                // (`jit_set_raw`: no error, no collection; refusals go to `h_set`).
                let meta = cx.ops.new_dynamic_label();
                asm!(cx.ops ; jmp =>done ; =>outside ; =>raw ; mov r8, rsi);
                cx.no_newindex(meta);
                cx.load_rk(i);
                let f = jit_set_raw as *const () as usize as i64;
                cx.sym(f as u64, "jit_set_raw".into());
                asm!(cx.ops
                    ; mov rdi, r12
                    ; mov rsi, r8
                    ; lea rdx, [r13 + b]
                    ; mov r8, rax
                    ; mov rax, QWORD f
                    ; call rax
                    ; test eax, eax
                    ; jz =>slow
                );
                cx.fb(crate::jit::FB_HIT);
                asm!(cx.ops ; jmp =>done ; =>meta);
                // A metatable that may have `__newindex`: an existing non-nil slot found
                // by a plain call is overwritten.
                cx.raw_lookup(a, b, slow);
                asm!(cx.ops ; mov rdx, rax);
                cx.load_rk(i);
                asm!(cx.ops
                    ; mov [rdx], rax
                    ; mov [rdx + 8], cl
                );
                cx.fb(crate::jit::FB_HIT);
                asm!(cx.ops ; jmp =>done);
            } else {
                asm!(cx.ops ; =>outside ; jmp =>slow);
            }
            cx.set_slow(pc, i, slow);
            Ok(())
        });
        Ok(())
    }
}
