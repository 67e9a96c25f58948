-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, n in ipairs({"debug", "gethook", "getinfo", "getlocal", "getmetatable", "getregistry",
  "getupvalue", "getuservalue", "sethook", "setlocal", "setmetatable", "setupvalue",
  "setuservalue", "traceback", "upvalueid", "upvaluejoin", "setcstacklimit"}) do
  write(n, ":", type(debug[n]), " ")
end
flush()
