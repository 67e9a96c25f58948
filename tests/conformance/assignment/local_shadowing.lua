local x = 1
local x = x + 1
print(x)
do
  local x = x * 10
  print(x)
  do
    local x = "inner"
    print(x)
  end
  print(x)
end
print(x)
local function f(x) local x = x or "default" return x end
print(f(), f(5))
local a, a = 1, 2
print(a)
