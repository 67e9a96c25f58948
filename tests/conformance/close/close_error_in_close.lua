local function bad(name)
  return setmetatable({}, {__close = function(_, err) print("closing", name, err) error(name .. " failed", 0) end})
end
local function good(name)
  return setmetatable({}, {__close = function(_, err) print("closing", name, err) end})
end
print(pcall(function()
  local a <close> = good("a")
  local b <close> = bad("b")
  return "normal"
end))
print(pcall(function()
  local a <close> = bad("a")
  local b <close> = bad("b")
  error("original", 0)
end))
