-- Interpreter micro-benchmark (issue #2): a numeric for loop with integer arithmetic (1e8 iterations).
local s = 0
for i = 1, 100000000 do s = s + i % 7 end
print(s)
