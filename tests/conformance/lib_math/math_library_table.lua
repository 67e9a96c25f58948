-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
local names = {"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod",
  "log", "max", "min", "modf", "rad", "random", "randomseed", "sin", "sqrt", "tan",
  "tointeger", "type", "ult"}
for _, n in ipairs(names) do write(n, ":", type(math[n]), " ") end
flush()
