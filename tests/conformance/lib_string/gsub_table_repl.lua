local t = {name = "Lua", version = "5.4"}
print(("$name $version $other"):gsub("%$(%w+)", t))
print(("a b c"):gsub("%w", {a = 1, b = "B"}))
print(pcall(string.gsub, "a b c", "%w", {a = 1, b = true}))
print(("a b"):gsub("%w", {a = false}))
print(pcall(string.gsub, "a", "%w", {a = {}}))
local mt = setmetatable({}, {__index = function(_, k) return k:upper() end})
print(("abc"):gsub(".", mt))
print(("abc def"):gsub("(%w)(%w*)", {abc = "X"}))
