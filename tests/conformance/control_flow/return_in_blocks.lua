local function f(x)
  for i = 1, 10 do
    if i == x then return "found " .. i end
  end
  return "not found"
end
print(f(3), f(11))
local function g()
  do return 1 end
end
print(g())
local function h()
  while true do
    repeat
      return "deep"
    until false
  end
end
print(h())
