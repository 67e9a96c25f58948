local s = ""
for i = 1, 1000 do s = s .. i .. "," end
print(#s)
local t = ""
for i = 1, 200 do t = t .. "\0" end
print(#t)
local a, b = "", ""
for i = 1, 100 do a = a .. "ab" end
for i = 1, 200 do b = b .. (i % 2 == 1 and "a" or "b") end
print(a == b)
