local function runaway(n) return 1 + runaway(n + 1) end
local ok, msg = pcall(runaway, 1)
print(ok == false, type(msg))
local function runaway2() local t = {runaway2()} return t end
print((pcall(runaway2)))
local deep = 0
local function measure() deep = deep + 1; measure() end
pcall(measure)
print(deep > 10000)
print("still alive")
