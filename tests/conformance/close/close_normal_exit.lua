local function res(name)
  return setmetatable({}, {__close = function(self, err) print("close", name, err) end})
end
do
  local a <close> = res("a")
  print("in block")
end
print("after block")
local function f()
  local r <close> = res("f")
  print("in f")
end
f()
print("after f")
