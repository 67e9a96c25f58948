-- Sieve of Eratosthenes: boolean array writes in strided loops, repeated.
local reps = tonumber(arg and arg[1]) or 20
local LIMIT = 1000000

local function sieve(limit)
  local composite = {}
  for i = 1, limit do composite[i] = false end
  local count = 0
  for i = 2, limit do
    if not composite[i] then
      count = count + 1
      for j = i * i, limit, i do composite[j] = true end
    end
  end
  return count
end

local total = 0
for _ = 1, reps do total = total + sieve(LIMIT) end
print(string.format("%d runs, primes below %d: %d (total %d)", reps, LIMIT, sieve(LIMIT), total))
