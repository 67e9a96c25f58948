local proxy = setmetatable({}, {__index = function(t, i) if i <= 4 then return i * i end end})
for i, v in ipairs(proxy) do print(i, v) end
local f, s, init = ipairs({})
print(type(f), init)
print(f({7, 8}, 0))
print(f({7, 8}, 2))
