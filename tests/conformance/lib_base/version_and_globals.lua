print(_VERSION)
print(_G._G == _G, _G._VERSION)
print(type(_G), type(_ENV), _ENV == _G)
local names = {"assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs",
  "load", "loadfile", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen",
  "rawset", "require", "select", "setmetatable", "tonumber", "tostring", "type", "warn",
  "xpcall"}
for _, n in ipairs(names) do io.write(n, "=", type(_G[n]), " ") end
print()
for _, n in ipairs({"coroutine", "debug", "io", "math", "os", "package", "string", "table", "utf8"}) do
  io.write(n, "=", type(_G[n]), " ")
end
print()
print(rawget(_G, "unpack"), rawget(_G, "setfenv"), rawget(_G, "loadstring"), rawget(_G, "bit32"))
