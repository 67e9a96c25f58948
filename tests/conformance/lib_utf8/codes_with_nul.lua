-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for p, c in utf8.codes("a\0b") do write(p, ":", c, " ") end
flush()
print(utf8.len("\0\0\0"), utf8.codepoint("\0"))
