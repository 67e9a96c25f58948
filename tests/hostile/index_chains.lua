-- hostile: __index/__newindex chains that loop ("chain too long; possible loop"), and long finite chains up to the limit
-- exit: 0
-- oracle: same
local a, b = {}, {}
setmetatable(a, {__index = b}) setmetatable(b, {__index = a})
print(pcall(function() return a.x end))
local c, d = {}, {}
setmetatable(c, {__newindex = d}) setmetatable(d, {__newindex = c})
print(pcall(function() c.x = 1 end))
local self = {} setmetatable(self, {__index = self})
print(pcall(function() return self.x end))
-- long finite chain: 1999 tables ok? lua MAXTAGLOOP is 2000
local function chain(n)
  local base = {found = n}
  local t = base
  for i = 1, n do t = setmetatable({}, {__index = t}) end
  return t
end
print(pcall(function() return chain(1998).found end))
print(pcall(function() return chain(1999).found end))
print(pcall(function() return chain(2000).found end))
print(pcall(function() return chain(5000).found end))
-- the same through the JIT-hot loop
local t = chain(100)
local s = 0
for i = 1, 1000 do s = s + t.found end
print(s)
local l = setmetatable({}, {__index = setmetatable({}, {__index = function(t, k) return k .. "!" end})})
print(l.abc)
