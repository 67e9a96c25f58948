local function f() end
local i = debug.getinfo(f)
local keys = {}
for k in pairs(i) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
print(i.func == f, i.istailcall, i.currentline)
print(debug.getinfo(100))
print(pcall(debug.getinfo, 1, ">"))
print(pcall(debug.getinfo, 1, "q"))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo))
print(debug.getinfo(f, "").func)
