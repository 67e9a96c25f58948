-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
-- 5.4: gmatch takes an init argument
for w in ("one two three"):gmatch("%a+", 5) do write(w, ";") end
flush()
for w in ("one two three"):gmatch("%a+", -5) do write(w, ";") end
flush()
for w in ("abc"):gmatch(".", 10) do write(w, ";") end
print("end")
