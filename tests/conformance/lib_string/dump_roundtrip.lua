local function add(a, b) return a + b end
local d = string.dump(add)
print(type(d), d:sub(1, 4) == "\27Lua")
local f = load(d, "dumped", "b")
print(f(2, 3))
print(load(d, "dumped", "t"))
local g = load(string.dump(function(...) return select("#", ...) end))
print(g(1, 2, 3))
local s = string.dump(function() return "strip" end, true)
print(load(s)())
print(pcall(string.dump, print))
print(pcall(string.dump, 1))
-- upvalues are fresh (nil) after load
local up = 10
local function useup() return up end
local h = load(string.dump(useup))
print(select(2, pcall(h)) == _G)  -- the first upvalue becomes _ENV
local bad = d:sub(1, 10)
print(load(bad))
print(pcall(load, "\27Lua garbage"))
