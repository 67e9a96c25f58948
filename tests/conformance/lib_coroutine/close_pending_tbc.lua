local log = {}
local co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = "a:" .. tostring(err) end})
  local b <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = "b:" .. tostring(err) end})
  coroutine.yield("suspended")
  log[#log + 1] = "never"
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(table.concat(log, " "))
print(coroutine.status(co))
