-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, n in ipairs({"char", "charpattern", "codes", "codepoint", "len", "offset"}) do
  write(n, ":", type(utf8[n]), " ")
end
flush()
print(pcall(utf8.len))
print(pcall(utf8.codes))
print(pcall(utf8.offset, "a"))
print(pcall(utf8.codepoint, 1))
print(utf8.len(123), utf8.codepoint(7))
