local c = package.config
print(#c)
local lines = {}
for l in c:gmatch("[^\n]+") do lines[#lines + 1] = l end
print(table.concat(lines, " "))
