print(1 .. "", 1.0 .. "", -0.0 .. "", 1e100 .. "", 2^63 .. "")
print(10 .. "" == "10", 1.5 .. "x", "x" .. 0.1)
print(1 .. 2 .. 3.0)
print(-9223372036854775807 - 1 .. "")
print((0/0) .. "" == (0/0) .. "")
print(pcall(function() return "a" .. nil end))
print(pcall(function() return "a" .. true end))
print(pcall(function() return {} .. "a" end))
local t = {}
for i = 1, 5 do t[i] = i * 0.5 end
local s = ""
for i = 1, 5 do s = s .. t[i] .. ";" end
print(s)
