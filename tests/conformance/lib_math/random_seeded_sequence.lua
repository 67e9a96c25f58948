-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
math.randomseed(42)
local t = {}
for i = 1, 10 do t[i] = math.random(1, 100) end
print(table.concat(t, " "))
math.randomseed(42)
local u = {}
for i = 1, 10 do u[i] = math.random(1, 100) end
print(table.concat(u, " ") == table.concat(t, " "))
math.randomseed(7)
for i = 1, 5 do write(string.format("%.17g", math.random()), " ") end
flush()
math.randomseed(7)
for i = 1, 5 do write(math.random(0), " ") end
flush()
