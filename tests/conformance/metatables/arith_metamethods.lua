local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
local function val(v) if type(v) == "table" then return v.x end return v end
for _, op in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv"}) do
  mt["__" .. op] = function(a, b) return op .. "(" .. tostring(val(a)) .. "," .. tostring(val(b)) .. ")" end
end
mt.__unm = function(a) return "unm(" .. a.x .. ")" end
local a, b = V(1), V(2)
print(a + b, a - b, a * b, a / b)
print(a % b, a ^ b, a // b, -a)
print(a + 10, 10 + a, a - 1.5, 2.5 * b)
print("s" + a, a % "3")
