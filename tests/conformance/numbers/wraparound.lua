local maxint = 9223372036854775807
local acc = 1
for i = 1, 70 do acc = acc * 3 end
print(acc)
local fib_a, fib_b = 0, 1
for i = 1, 100 do fib_a, fib_b = fib_b, fib_a + fib_b end
print(fib_a)
local h = 0
for i = 1, 1000 do h = h * 31 + i end
print(h)
print(maxint * 3, maxint - -maxint)
print((maxint + 1) // 2, (maxint + 1) % 2)
