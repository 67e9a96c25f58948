local obj = setmetatable({}, {__call = function(self, n, acc)
  if n == 0 then return acc end
  return self(n - 1, acc + n)
end})
print(obj(100000, 0))
local function via_method(self, n) if n == 0 then return "done" end return self:step(n - 1) end
local o = {step = via_method}
print(o:step(1000000))
