-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, a in ipairs({5.5, -5.5, 7, -7}) do
  local i, f = math.modf(a)
  write(tostring(i), " ", tostring(f), " ", tostring(math.fmod(a, 2)), "; ")
end
flush()
