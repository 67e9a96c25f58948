local function id(...) return ... end
print(id"string arg")
print(id[[long string arg]])
print(type(id{1, 2, 3}), #id{1, 2, 3})
local obj = {}
function obj:m(s) return "m:" .. (type(s) == "table" and "table" or s) end
print(obj:m"x", obj:m{}, obj:m[==[y]==])
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry "a" "b" "c")
