print(string.char(72, 105))
print(string.char() == "")
print(#string.char(0, 255, 0))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "65"))
print(pcall(string.char, "x"))
print(pcall(string.char, 65, nil))
local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
local all = table.concat(t)
print(#all, all:byte(1), all:byte(256))
