local function res(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
local i = 1
::top::
do
  local r <close> = res("round " .. i)
  i = i + 1
  if i <= 3 then goto top end
end
print("end", i)
