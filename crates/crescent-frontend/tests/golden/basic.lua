local a, b = 1, 2
local c = a + b * 3
print(c, "hello", 1.5, a // b, a .. b)
x = { 1, 2, 3, k = "v", [10] = true }
if a < b then print("lt") elseif a == 3 then print("eq") else print("else") end
for i = 1, 10 do x[i] = i end
for k, v in pairs(x) do print(k, v) end
local function f(...) return ... end
return f(a, b)
