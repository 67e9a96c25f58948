local function sum(t)
  local s = 0
  for i = 1, #t do s = s + t[i] end
  return s
end
print(sum({1, 2, 3, 4}))
