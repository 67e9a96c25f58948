-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
local out = {}
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do out[#out + 1] = k .. ":" .. v end
print(table.concat(out, " "))
local n = 0
for w in ("one two  three"):gmatch("%a+") do n = n + 1 end
print(n)
local it = ("abc"):gmatch(".")
print(it(), it(), it(), it())
for p in ("abc"):gmatch("()") do write(p, " ") end
flush()
for a in ("hello"):gmatch("l*") do write("[", a, "]") end
flush()
