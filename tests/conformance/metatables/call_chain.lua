local inner, outer
inner = setmetatable({}, {__call = function(self, ...) return "inner", select('#', ...), rawequal(self, inner), rawequal((...), outer), select(2, ...) end})
outer = setmetatable({}, {__call = inner})
print(outer("x", "y"))
print(pcall(setmetatable({}, {__call = 42})))
print(pcall(setmetatable({}, {})))
