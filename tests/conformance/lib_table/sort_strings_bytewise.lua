local t = {"b", "B", "a", "A", "_", "0", "aa", "a\0", "\255", ""}
table.sort(t)
local out = {}
for i, s in ipairs(t) do out[i] = string.format("%q", s) end
print(table.concat(out, " "))
