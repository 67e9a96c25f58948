do
  local a <close> = nil
  local b <close> = false
  print("nil and false are allowed")
end
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local x <close> = {} end))
print(pcall(function() local x <close> = setmetatable({}, {}) end))
print(pcall(function() local x <close> = "str" end))
