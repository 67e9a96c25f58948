-- the first upvalue of the loaded chunk is _ENV
local f = load("return a")
print(f())
print(debug.setupvalue(f, 1, {a = "from new env"}))
print(f())
print(debug.getupvalue(f, 1) ~= nil)
