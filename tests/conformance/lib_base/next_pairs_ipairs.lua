-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
local t = {10, 20, 30}
print(next(t))
print(next(t, 1))
print(next(t, 3))
print(next({}))
print(pcall(next, t, "nokey"))
local s = 0
for i, v in ipairs({1, 2, nil, 4}) do s = s + v end
print(s)
local p = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(p) do print(k, v) end
local ix = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(ix) do write(i, ":", v, " ") end
flush()
print(pcall(ipairs))
print(pcall(pairs))
print(select("#", pairs(nil)), select(2, pairs(nil)) == nil)
