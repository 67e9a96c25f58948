print(nil and 1, false and 1, 1 and 2, 1 and nil, 0 and "zero")
print(nil or 1, false or nil, 1 or error("not evaluated"), nil or false)
print(false or "default", "" or "x", 0 or "x")
print(1 and 2 or 3, nil and 2 or 3, false and nil or "c")
print(1 or 2 and nil)
print((nil or false) == false)
local n = 0
local function side(v) n = n + 1; return v end
local _ = side(false) and side(1)
local _ = side(true) or side(2)
local _ = side(nil) or side(3)
print("calls", n)
local x = nil
local t = x and x.field
print(t)
print(x == nil and "is nil" or "not nil")
