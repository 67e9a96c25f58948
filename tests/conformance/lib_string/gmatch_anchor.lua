-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
-- in gmatch a '^' anchor matches only at the start (5.4)
for w in ("aaa"):gmatch("^a") do write(w, ";") end
flush()
local n = 0
for w in ("hello world"):gmatch("^%a+") do n = n + 1 end
print(n)
