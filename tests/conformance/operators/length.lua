print(#"", #"a", #"\0\0\0", #"hello world")
print(#{}, #{1}, #{1, 2, 3}, #{n = 1}, #{1, 2, x = 3})
local t = {}
for i = 1, 100 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[100])
local s = "abc"
print(#s .. #s, #s * #s, -#s)
