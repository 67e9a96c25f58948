-- hostile: uncaught runaway recursion: a Lua error "stack overflow" with a traceback, exit status 1, no signal
-- exit: 1
-- stderr: crescent: stack_overflow.lua:7: stack overflow
-- stderr: stack traceback:
-- stderr: in upvalue 'f'
-- oracle: same
local function f(n) return 1 + f(n + 1) end
print("start")
f(1)
