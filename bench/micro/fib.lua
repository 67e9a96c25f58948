-- Interpreter micro-benchmark (issue #2): recursive calls (fib 35).
local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
print(fib(35))
