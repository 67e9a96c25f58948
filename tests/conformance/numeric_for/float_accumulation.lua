local n = 0
for x = 0, 1, 0.1 do n = n + 1 end
print(n)
local last
for x = 0, 1, 0.1 do last = x end
print(last)
n = 0
for x = 1, 0, -0.1 do n = n + 1 end
print(n)
