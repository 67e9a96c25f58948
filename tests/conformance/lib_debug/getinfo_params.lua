local function f0() end
local function f2(a, b) end
local function fv(a, ...) end
local function fu() return f0, f2 end
for _, fn in ipairs({f0, f2, fv, fu, print}) do
  local i = debug.getinfo(fn, "u")
  print(i.nups, i.nparams, i.isvararg)
end
print(debug.getinfo(1, "u").isvararg, debug.getinfo(1, "u").nups)
