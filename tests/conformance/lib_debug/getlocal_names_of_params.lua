local function f(alpha, beta, ...) end
local names = {}
for i = 1, 5 do names[#names + 1] = tostring(debug.getlocal(f, i)) end
print(table.concat(names, " "))
print(debug.getlocal(print, 1))
print(pcall(debug.getlocal, f))
