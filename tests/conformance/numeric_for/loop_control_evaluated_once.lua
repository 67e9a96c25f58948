local calls = 0
local function lim() calls = calls + 1 return 3 end
for i = 1, lim() do end
print(calls)
local t = {1, 2, 3}
local n = 0
for i = 1, #t do t[#t + 1] = i n = n + 1 end
print(n, #t)
