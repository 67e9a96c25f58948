-- hostile: errors inside __close (replacing the error in flight, on return, in coroutine.close), non-closable values, deep recursion holding to-be-closed variables, stack overflow inside __close
-- exit: 0
-- oracle: same
local function mk(name, fail)
  return setmetatable({}, {__close = function(_, e)
    print("close", name, e)
    if fail then error(name .. " failed", 0) end
  end})
end
print(pcall(function()
  local a <close> = mk("a", true)
  local b <close> = mk("b", true)
  local c <close> = mk("c", false)
  error("body", 0)
end))
print(pcall(function()
  local a <close> = mk("a", true)
  return "ret"
end))
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local x <close> = {} end))
-- __close erroring in a coroutine closed by coroutine.close
local co = coroutine.create(function()
  local z <close> = mk("z", true)
  coroutine.yield(1)
end)
print(coroutine.resume(co))
print(coroutine.close(co))
-- deep recursion with to-be-closed variables
local function deep(n)
  local v <close> = setmetatable({}, {__close = function() end})
  if n > 0 then return (deep(n - 1)) end
  error("bottom", 0)
end
print(pcall(deep, 150))
local function rec(n)
  local v <close> = setmetatable({}, {__close = function() end})
  return (rec(n + 1))
end
print(pcall(rec, 1))
-- __close that yields
local co2 = coroutine.wrap(function()
  local y <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  return "done"
end)
print(co2(), co2())
-- error object in __close replaced
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function(_, e) error(setmetatable({}, {__tostring = function() return "obj" end})) end})
  error("orig")
end))
-- stack overflow inside __close
print(pcall(function()
  local a <close> = setmetatable({}, {__close = function() local function f() return 1 + f() end f() end})
end))
