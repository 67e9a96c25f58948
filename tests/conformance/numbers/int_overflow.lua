local maxint = 9223372036854775807
local minint = -9223372036854775807 - 1
print(maxint + 1 == minint, minint - 1 == maxint)
print(maxint + 1, minint - 1)
print(maxint * 2, maxint * maxint, minint * -1)
print(-minint, -minint == minint)
print(minint // -1, minint % -1)
print(maxint + maxint, minint + minint)
print(maxint + 1.0, minint - 1.0)
print(0x7fffffffffffffff + 1 < 0)
local x = 1
for _ = 1, 63 do x = x * 2 end
print(x, x == minint)
x = x * 2
print(x)
