local function res(name)
  return setmetatable({name = name}, {__close = function(self) print("close", self.name) end})
end
local function f()
  local r <close> = res("r")
  local v = "value"
  return v, "second"
end
print(f())
local function g()
  local r <close> = res("g")
  return (function() print("computing return value") return 1 end)()
end
print(g())
local function h(x)
  local a <close> = res("h.a")
  if x then
    local b <close> = res("h.b")
    return "early"
  end
  return "late"
end
print(h(true))
print(h(false))
local function tailish()
  local r <close> = res("tail")
  return g()
end
print(tailish())
