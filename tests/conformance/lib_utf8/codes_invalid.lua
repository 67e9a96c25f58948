-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
print(pcall(function() for p, c in utf8.codes("ab\xff") do write(p, " ") end end))
flush()
print(pcall(function() for p, c in utf8.codes("a\xe2\x82") do end end))
print(pcall(function() for p, c in utf8.codes("\xed\xa0\x80") do end end))
print(pcall(function() for p, c in utf8.codes("\xc0\x80") do end end))
