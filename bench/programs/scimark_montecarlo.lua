-- SciMark Monte Carlo: estimates pi by sampling the unit square with SciMark's own
-- subtractive random generator (integer state below 2^31, no bit operations needed).
local samples = tonumber(arg and arg[1]) or 5000000

local floor = math.floor
local m1 = 2147483647
local m2 = 65536
local dm1 = 1.0 / m1

local Random = {}
Random.__index = Random
function Random.new(seed)
  local self = setmetatable({ m = {}, i = 4, j = 16 }, Random)
  local jseed = seed
  if jseed < 0 then jseed = -jseed end
  if jseed > m1 then jseed = m1 end
  if jseed % 2 == 0 then jseed = jseed - 1 end
  local k0, k1 = 9069 % m2, floor(9069 / m2)
  local j0, j1 = jseed % m2, floor(jseed / m2)
  for iloop = 0, 16 do
    jseed = j0 * k0
    j1 = (floor(jseed / m2) + j0 * k1 + j1 * k0) % floor(m2 / 2)
    j0 = jseed % m2
    self.m[iloop] = j0 + m2 * j1
  end
  return self
end
function Random:nextDouble()
  local m, i, j = self.m, self.i, self.j
  local k = m[i] - m[j]
  if k < 0 then k = k + m1 end
  m[j] = k
  if i == 0 then i = 16 else i = i - 1 end
  if j == 0 then j = 16 else j = j - 1 end
  self.i, self.j = i, j
  return dm1 * k
end

local function integrate(n)
  local R = Random.new(113)
  local under = 0
  for _ = 1, n do
    local x = R:nextDouble()
    local y = R:nextDouble()
    if x * x + y * y <= 1.0 then under = under + 1 end
  end
  return under, under / n * 4.0
end

local under, pi = integrate(samples)
print(string.format("montecarlo %d samples: %d under, pi ~ %.9f", samples, under, pi))
