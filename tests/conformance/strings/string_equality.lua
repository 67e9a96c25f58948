local parts = {}
local s = ""
for i = 1, 50 do s = s .. "x" end
local u = ""
for i = 1, 25 do u = u .. "xx" end
print(s == u, #s, rawequal(s, u))
local long = "This is a rather long string used for equality checks, longer than 40 bytes"
local built = "This is a rather long string " .. "used for equality checks, longer than 40 bytes"
print(long == built, rawequal(long, built))
local t = {}
t[long] = "found"
print(t[built])
print("abc" == "abc", "abc" ~= "abd", "" == "")
