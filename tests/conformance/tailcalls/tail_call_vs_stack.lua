-- a non-tail recursion deep enough to overflow, vs the same depth as a tail call
local function nontail(n) if n == 0 then return 0 end return 1 + nontail(n - 1) end
local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + 1) end
local ok = pcall(nontail, 10000000)
print(ok)
print(tail(10000000, 0))
