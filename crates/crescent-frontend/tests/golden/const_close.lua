local N <const> = 10
local S <const> = "str"
local F <const> = 1.5
local B <const> = true
local Z <const> = nil
local x <const> = N * 2 + 1
local y <const> = {}
local a = N + x
local s = S .. "x"
print(N, S, F, B, Z, x, y, a, s)
local function f() return N + x, S end
do
  local c <close> = setmetatable({}, {__close = print})
  local d <const>, e = 1, 2
  print(c, d, e)
end
local g <close> = nil
return f()
