local log = {}
local function mk(name) return setmetatable({}, {__close = function() log[#log + 1] = name end}) end
local function inner()
  local x <close> = mk("inner")
  coroutine.yield()
end
local co = coroutine.create(function()
  local y <close> = mk("outer")
  inner()
end)
coroutine.resume(co)
print(coroutine.close(co), table.concat(log, ","))
