-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, n in ipairs({"close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"}) do
  write(n, ":", type(coroutine[n]), " ")
end
flush()
print(type(coroutine.create(print)))
