local s = "a\0b"
print(#s, #"\0", #"\0\0\0")
print(s == "a\0b", s == "a\0c", s == "a")
print(s)
local t = {}
t["a\0b"] = 1
t["a\0c"] = 2
t["a"] = 3
print(t["a\0b"], t["a\0c"], t["a"], t[s])
local c = s .. "\0" .. s
print(#c, c == "a\0b\0a\0b")
print(("x\0y") < ("x\0z"), "\0" < "\1", "" < "\0")
local z = [[
with zero: ]] .. "\0" .. [[ end]]
print(#z)
