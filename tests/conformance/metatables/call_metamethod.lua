local callable = setmetatable({name = "obj"}, {__call = function(self, a, b)
  return self.name, a, b
end})
print(callable(1, 2))
print(callable())
print(pcall(callable, "via pcall"))
local t = {f = callable}
print(t.f("field"))
print(select('#', callable(1, 2, 3)))
local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1 return self.n end})
counter(); counter()
print(counter())
