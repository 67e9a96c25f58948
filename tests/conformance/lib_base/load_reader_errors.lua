-- only the first line: lua.c's message handler also sees errors raised by readers
local function first(f, e) return f, (string.match(e, "[^\n]*$") and string.match(e, "^[^\n]*")) end
print(first(load(function() return true end)))
print(first(load(function() return {} end)))
print(first(load(function() error("reader failed", 0) end)))
print(first(load(function() error({}) end) == nil and nil, "table error"))
print(pcall(load, 42))
print(pcall(load))
