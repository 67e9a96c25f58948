local values = {0, 1, -1, 0.5, 100, 1e15, 1e16, 2^53, -2^63, 123456789, 0.1, 1e-10, 9007199254740993}
for i = 1, #values do
  local v = values[i]
  local s = tostring(v)
  print(s, tonumber(s) == v, tonumber(s))
end
