local seed = 7
local function rand(n) seed = (seed * 16807) % 2147483647; return seed % n end
local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return table.concat(o, " ") end
local a = {} for i = 1, 300 do a[i] = rand(50) + (i % 3 == 0 and 0.5 or 0) end
table.sort(a); print(show(a))
local b = {3, 1.0, 1, 2, 2.0, 1, 3.0} table.sort(b) print(show(b))
local s = {} for i = 1, 200 do s[i] = "k" .. rand(100) end table.sort(s) print(show(s))
local nan = 0/0
for _, t in ipairs({{1, nan, 3, 2}, {nan, nan, nan}, {5, 4, nan, 3, 2, 1, nan, 0, -1}}) do
  print(pcall(table.sort, t), show(t))
end
local big = {} for i = 1, 500 do big[i] = (i % 7 == 0) and nan or rand(1000) end
print(pcall(table.sort, big))
print(pcall(table.sort, {1, "x", 2}))
local m = setmetatable({3, 2, 1}, {}) table.sort(m) print(show(m))
local h = {3, 2, 1, nil, 5} print(pcall(table.sort, h))
local e = {} table.sort(e) print(#e)
local w = {"b", "a", "\0z", "\0", "ab", ""} table.sort(w) for i = 1, #w do io.write(string.format("%q ", w[i])) end print()
