local function res(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
for i = 1, 3 do
  local r <close> = res("iter " .. i)
  if i == 2 then print("breaking") break end
  print("body", i)
end
local i = 0
while true do
  i = i + 1
  local r <close> = res("while " .. i)
  if i == 2 then break end
end
print("done")
