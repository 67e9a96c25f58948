local function res(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
do
  local a <close> = res("a")
  local b <close> = res("b")
  do
    local c <close> = res("c")
  end
  local d <close> = res("d")
  print("end of block")
end
