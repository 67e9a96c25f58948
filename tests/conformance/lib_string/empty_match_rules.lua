-- 5.4: an empty match right after a previous match is skipped
print(("abc"):gsub("%w*", "-"))
print(("abc d"):gsub("%w*", "-"))
print(("hello world"):gsub("o*", "X"))
print((""):gsub("", "E"))
print(("abc"):gsub("", "/"))
print(("a,b,,c"):gsub("[^,]*", "<%0>"))
local parts = {}
for m in ("a,b,,c"):gmatch("([^,]*)") do parts[#parts + 1] = "[" .. m .. "]" end
print(table.concat(parts))
print(("xyz"):gsub("x*", "!"))
