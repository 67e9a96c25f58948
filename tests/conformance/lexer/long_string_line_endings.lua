local s = [[
line1
line2
line3]]
print(#s)
print(s == "line1\nline2\nline3\n\n")
local t = "a\
b"
print(#t, t == "a\nb")
