-- Interpreter micro-benchmark (issue #2): method calls through __index, small object allocation.
local P = {} P.__index = P
function P.new(x, y) return setmetatable({x = x, y = y}, P) end
function P:add(o) return P.new(self.x + o.x, self.y + o.y) end
function P:len2() return self.x * self.x + self.y * self.y end
local acc = P.new(0, 0)
local one = P.new(1, 1)
local s = 0
for i = 1, 10000000 do acc = acc:add(one); s = s + acc:len2() % 3 end
print(s, acc.x)
