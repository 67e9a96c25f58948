local t = {}
print(#t)
for i = 1, 10 do t[i] = i end
print(#t)
t[11] = 11
print(#t)
for i = 11, 6, -1 do t[i] = nil end
print(#t)
local s = {"a", "b", "c"}
s[#s + 1] = "d"
print(#s, s[4])
s[#s] = nil
s[#s] = nil
print(#s)
local big = {}
for i = 1, 1000 do big[#big + 1] = i end
print(#big, big[1000])
local h = {}
h[1] = 1; h[2] = 2; h[3] = 3
print(#h)
