local fired = false
local function hook() if not fired then fired = true; error("from hook") end end
local ok, e = pcall(function()
  debug.sethook(hook, "l")
  local a = 1
  return a
end)
debug.sethook()
print(ok, e)
