-- hostile: a function whose machine code cannot fit the JIT code cache (20000 calls, about 8 MB of code, with --jit-cache-size=1m): the JIT must give up on it, not recompile it at every activation (one such function in a 1e6-term chunk took minutes)
-- exit: 0
-- flags: --jit-cache-size=1m
-- oracle: same
local src = "local function f() return f end return f" .. ("()"):rep(20000)
local g = assert(load(src))
local t0 = os.clock()
for i = 1, 3 do assert(g()) end
local methods = assert(load("local a = {m = function(s) return s end} return a" .. (":m()"):rep(20000)))
for i = 1, 3 do assert(methods()) end
-- Generous: a few milliseconds in the interpreter, a few hundred with one failed compile.
if os.clock() - t0 > 20 then error("the JIT keeps retrying a function too big for its code cache") end
print("ran")
