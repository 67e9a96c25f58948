local a, b
do
  local x = 1
  a = function() x = x * 2; return x end
  b = function() x = x + 1; return x end
end
print(a(), b(), a(), b())
local fns = {}
for i = 1, 2 do
  local y = i
  fns[i] = {get = function() return y end, set = function(v) y = v end}
end
fns[1].set(50)
print(fns[1].get(), fns[2].get())
