-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
math.randomseed(2024)
local t = {}
for i = 1, 6 do t[i] = string.format("%a", math.random()) end
print(table.concat(t, " "))
math.randomseed(2024)
for i = 1, 3 do write(math.random(0), " ") end
flush()
