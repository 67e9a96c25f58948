for i = 1, 3 do setmetatable({}, {__gc = function() print("exit gc", i) end}) end
local keep = {}
for i = 4, 6 do keep[i] = setmetatable({}, {__gc = function() print("exit gc", i) end}) end
print("main done")
