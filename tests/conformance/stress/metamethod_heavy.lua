local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
local function new(x, y) return setmetatable({x = x, y = y}, V) end
function V:len2() return self.x * self.x + self.y * self.y end
local acc = new(0, 0)
for i = 1, 200000 do acc = acc + new(1, -1) end
print(acc.x, acc.y, acc:len2(), acc == new(200000, -200000))
