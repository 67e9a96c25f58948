local t = {}
local function f()
  t, t.x = 1, 2
  t.y, t = 3, 4
end
local k = "x"
local function g() k, t[k] = 1, 2 end
f(); g()
