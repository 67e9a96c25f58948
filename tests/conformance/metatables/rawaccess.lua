local mt = {
  __index = function() return "meta" end,
  __newindex = function() error("no writes") end,
  __len = function() return 99 end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
local u = setmetatable({}, mt)
print(t.x, rawget(t, "x"))
rawset(t, "x", 1)
print(t.x, rawget(t, "x"))
print(#t, rawlen(t))
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawequal(1, 1), rawequal("a", "a"), rawequal(1, 1.0), rawequal(0.0, -0.0))
print(rawset(t, 1, "one") == t, t[1])
print(pcall(rawget, 1, 1))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawset, {}, 0/0, 1))
print(pcall(rawequal, 1))
