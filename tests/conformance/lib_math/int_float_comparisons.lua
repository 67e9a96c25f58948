-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
print(math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63, math.maxinteger == 2^63)
print(math.mininteger == -2^63, math.mininteger < -2^63, math.mininteger <= -2^63)
print(1 == 1.0, 2^53 == 2^53 + 1, (2^53 | 0) + 1 == 2^53 + 1)
print(9007199254740993 < 9007199254740992.0, 9007199254740993 > 2^53)
print(math.maxinteger < math.huge, math.mininteger > -math.huge)
print(1 < 0/0, 1 > 0/0, 0/0 == 0/0, 1 ~= 0/0)
for _, v in ipairs({-1, 0, 1}) do write(tostring(v < 0.5), " ", tostring(v <= -1.0), " ") end
flush()
