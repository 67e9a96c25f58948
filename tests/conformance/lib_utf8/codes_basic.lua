-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for p, c in utf8.codes("aé€😀") do write(p, ":", c, " ") end
flush()
for p, c in utf8.codes("") do print("never") end
print("empty ok")
local n = 0
for _ in utf8.codes(("x"):rep(100)) do n = n + 1 end
print(n)
