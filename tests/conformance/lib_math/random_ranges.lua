math.randomseed(123)
local ok = true
for i = 1, 1000 do
  local r = math.random(5, 10)
  if r < 5 or r > 10 or math.type(r) ~= "integer" then ok = false end
end
print(ok)
for i = 1, 1000 do
  local r = math.random()
  if r < 0 or r >= 1 or math.type(r) ~= "float" then ok = false end
end
print(ok)
for i = 1, 100 do if math.random(3) > 3 or math.random(3) < 1 then ok = false end end
print(ok)
print(math.random(7, 7), math.random(math.mininteger, math.mininteger))
local r = math.random(math.mininteger, math.maxinteger)
print(math.type(r))
print(math.type(math.random(0)))
