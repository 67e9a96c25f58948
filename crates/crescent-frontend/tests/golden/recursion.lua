local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
local fact
fact = function(n) if n == 0 then return 1 else return n * fact(n - 1) end end
return fib(10), fact(5)
