-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for p, c in utf8.codes("\xed\xa0\x80", true) do write(p, ":", c, " ") end
flush()
for p, c in utf8.codes("\xf4\x90\x80\x80", true) do write(p, ":", c, " ") end
flush()
print(pcall(function() for p, c in utf8.codes("\xf4\x90\x80\x80") do end end))
