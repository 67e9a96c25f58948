-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
print(_VERSION)
print(_G._G == _G, _G._VERSION)
print(type(_G), type(_ENV), _ENV == _G)
local names = {"assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs",
  "load", "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen",
  "rawset", "require", "select", "setmetatable", "tonumber", "tostring", "type", "warn",
  "xpcall"}
for _, n in ipairs(names) do write(n, "=", type(_G[n]), " ") end
flush()
for _, n in ipairs({"coroutine", "debug", "io", "math", "os", "package", "string", "table", "utf8"}) do
  write(n, "=", type(_G[n]), " ")
end
flush()
print(rawget(_G, "unpack"), rawget(_G, "setfenv"), rawget(_G, "loadstring"), rawget(_G, "bit32"))
