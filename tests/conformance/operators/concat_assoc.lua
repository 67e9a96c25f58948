print("a" .. "b" .. "c" .. "d")
print(1 .. 2, 1 .. "", "" .. 2.5)
print("x" .. 1 + 2)
print(1 .. 2 .. 3 == "123")
local calls = ""
local function f(s) calls = calls .. s; return s end
local r = f("1") .. f("2") .. f("3")
print(r, calls)
print("-" .. -1 .. "-" .. -1.5)
print(2^53 .. "", 1e100 .. "", -0.0 .. "")
print("a" .. 10 // 3 .. "b")
