local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(27))
local function fibf(n) if n < 2.0 then return n end return fibf(n - 1.0) + fibf(n - 2.0) end
print(fibf(25.0))
