for i, v in ipairs({"a", "b", "c"}) do print(i, v) end
for i, v in ipairs({1, 2, nil, 4}) do print(i, v) end
for i, v in ipairs({}) do print("never") end
local t = {10, 20, 30, x = "ignored", [5] = 50}
local s = 0
for i, v in ipairs(t) do s = s + v end
print(s)
print(pcall(ipairs))
print(pcall(function() for i in ipairs(nil) do end end))
