-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
-- no two elements compare equal: the order of equal elements is not specified
local t = {3.5, -1, 2, 2.5, 1e10, -1e10, 0.0, math.huge, -math.huge, math.mininteger, math.maxinteger, -0.5}
table.sort(t)
for _, v in ipairs(t) do write(tostring(v), " ") end
flush()
