local t = setmetatable({}, {__concat = function(a, b) return "MM" end})
print(1 .. 2, 1.5 .. "x", "" .. 3, 4 .. "", "" .. "", 2^63 .. "|" .. -0.0 .. 1e100 .. math.mininteger)
print("a" .. t, t .. "b", 1 .. t, "x" .. "y" .. t .. "z", "a" .. 1 .. "b" .. 2.0 .. "c")
print(pcall(function() return "a" .. {} end), pcall(function() return {} .. 1 end))
print(pcall(function() local x; return "a" .. 1 .. x end))
local s = ""
for i = 1, 100 do s = s .. i .. "," end
print(#s, s:sub(1, 20), math.type(1 .. ""), ("k" .. 12):len())
local big = string.rep("x", 100000)
print(#(big .. 1 .. big .. 2.5), #(1 .. big))
