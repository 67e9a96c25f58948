-- Coroutine ring: a token passed around a ring of 503 coroutines (resume/yield with
-- values), plus a pipeline of coroutine.wrap generators (produce -> filter -> map).
local hops = tonumber(arg and arg[1]) or 1000000
local RING = 503

local create, resume, yield, wrap = coroutine.create, coroutine.resume, coroutine.yield, coroutine.wrap

-- ring: each coroutine receives the token count, decrements it and yields it back
local ring = {}
local last_holder = 0
for id = 1, RING do
  ring[id] = create(function(token)
    while true do
      if token == 0 then last_holder = id end
      token = yield(token - 1)
    end
  end)
end
local token, i = hops, 1
while token >= 0 do
  local ok, t = resume(ring[i], token)
  if not ok then error(t) end
  token = t
  i = i + 1
  if i > RING then i = 1 end
end

-- pipeline of generators
local function produce(n)
  return wrap(function()
    for k = 1, n do yield(k) end
    yield(nil)
  end)
end
local function filter(gen, m)
  return wrap(function()
    while true do
      local v = gen()
      if v == nil then yield(nil) end
      if v % m ~= 0 then yield(v) end
    end
  end)
end
local function map(gen, f)
  return wrap(function()
    while true do
      local v = gen()
      if v == nil then yield(nil) end
      yield(f(v))
    end
  end)
end
local gen = map(filter(filter(produce(math.floor(hops / 4)), 3), 5), function(v) return v % 1000 end)
local sum, count = 0, 0
while true do
  local v = gen()
  if v == nil then break end
  sum = sum + v
  count = count + 1
end
print(string.format("ring of %d, %d hops: last holder %d; pipeline %d values, sum %d",
  RING, hops, last_holder, count, sum))
