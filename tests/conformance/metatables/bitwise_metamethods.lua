local mt = {}
local function V(x) return setmetatable({x = x}, mt) end
local function val(v) if type(v) == "table" then return "V" .. v.x end return tostring(v) end
for _, op in ipairs({"band", "bor", "bxor", "shl", "shr"}) do
  mt["__" .. op] = function(a, b) return op .. "(" .. val(a) .. "," .. val(b) .. ")" end
end
mt.__bnot = function(a) return "bnot(" .. val(a) .. ")" end
local a, b = V(1), V(2)
print(a & b, a | b, a ~ b, a << b, a >> b, ~a)
print(1 & a, a | 2, 3 ~ b, 1 << a, b >> 1)
print(1.5 & a, a | 2.5, "x" ~ a)
