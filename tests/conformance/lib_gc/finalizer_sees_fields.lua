local out = {}
do
  local o = setmetatable({a = 1, b = {c = "nested"}}, {__gc = function(self) out[1] = self.a; out[2] = self.b.c end})
end
collectgarbage()
print(out[1], out[2])
