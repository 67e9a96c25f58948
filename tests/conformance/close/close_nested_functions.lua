local log = {}
local function res(name)
  return setmetatable({}, {__close = function() log[#log + 1] = name end})
end
local function inner()
  local x <close> = res("inner")
  error("fail", 0)
end
local function outer()
  local y <close> = res("outer")
  inner()
end
print(pcall(outer))
print(#log, log[1], log[2])
