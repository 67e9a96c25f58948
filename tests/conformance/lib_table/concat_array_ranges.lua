local t = {"a", "bc", "", "def"}
print(table.concat(t), table.concat(t, ", "), table.concat(t, "-", 2), table.concat(t, "-", 2, 3))
print(table.concat(t, "-", 3, 2) == "", table.concat(t, "+", 4, 4), table.concat({}, "x"))
print(table.concat({1, "x", 2.5, 3}, "|"), pcall(table.concat, {"a", {}, "b"}))
print(pcall(table.concat, t, ",", 1, 5), pcall(table.concat, t, ",", 0, 2))
local h = {}; h[1] = "p"; h[2] = "q"; h[4] = "s"; h[3] = "r"
print(table.concat(h, "."), table.concat(setmetatable({}, {__index = function(_, i) return "m" .. i end}), ",", 1, 3))
local big = {}
for i = 1, 300 do big[i] = string.rep(string.char(65 + i % 26), i % 7) end
local s = table.concat(big, "/")
print(#s, s:sub(1, 30), s:sub(-20))
