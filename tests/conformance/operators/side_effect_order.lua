-- evaluation of and/or short circuits; operands of binary ops evaluated before the op
local log = {}
local function v(x, tag) log[#log + 1] = tag; return x end
local r = v(1, "a") + v(2, "b") * v(3, "c")
print(r)
local r2 = v(false, "d") and v(1, "e") or v(7, "f")
print(r2)
local s = ""
for i = 1, #log do s = s .. log[i] end
print(s)
