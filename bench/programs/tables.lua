-- Table-heavy work: hash inserts/lookups/deletes with string and integer keys, array
-- append/insert/remove, table.sort with and without a comparator, length operator and
-- traversal with pairs (order-independent). `arg[1]` rounds.
local rounds = tonumber(arg and arg[1]) or 10

local floor = math.floor
local seed = 42
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local checksum = 0
local function mix(v) checksum = (checksum * 31 + v) % 1000000007 end

for round = 1, rounds do
  -- hash part: string keys
  local h = {}
  for i = 1, 20000 do h["k" .. rand(30000)] = i end
  local present, sum = 0, 0
  for i = 0, 29999 do
    local v = h["k" .. i]
    if v then present = present + 1; sum = sum + v end
  end
  for i = 0, 29999, 3 do h["k" .. i] = nil end
  local remaining = 0
  for _, v in pairs(h) do remaining = remaining + 1; sum = sum + v end
  mix(present); mix(remaining); mix(sum % 1000000007)

  -- hash part: sparse integer keys and float keys
  local sparse = {}
  for i = 1, 20000 do sparse[rand(1000000) * 7] = i end
  local s2 = 0
  for k, v in pairs(sparse) do s2 = (s2 + k % 1000 + v) % 1000000007 end
  for i = 1, 5000 do sparse[i * 7] = nil end
  local fk = {}
  for i = 1, 5000 do fk[i + 0.5] = i end
  local fsum = 0
  for i = 1, 5000 do fsum = fsum + fk[i + 0.5] end
  mix(s2); mix(fsum)

  -- array part: append, insert at front/middle, remove
  local a = {}
  for i = 1, 20000 do a[#a + 1] = rand(100000) end
  for i = 1, 200 do table.insert(a, 1 + rand(#a), i) end
  for _ = 1, 200 do table.remove(a, 1 + rand(#a)) end
  for _ = 1, 1000 do table.remove(a) end
  mix(#a)

  -- sort: numbers, then records with a comparator
  table.sort(a)
  local ok = 1
  for i = 2, #a do if a[i - 1] > a[i] then ok = 0 end end
  mix(ok); mix(a[1]); mix(a[#a]); mix(a[floor(#a / 2)])
  local recs = {}
  for i = 1, 5000 do recs[i] = { name = "n" .. rand(2000), score = rand(1000), id = i } end
  table.sort(recs, function(x, y)
    if x.score ~= y.score then return x.score > y.score end
    if x.name ~= y.name then return x.name < y.name end
    return x.id < y.id
  end)
  for i = 1, #recs, 250 do mix(recs[i].id) end

  -- a queue through two indices and a set with deletes
  local q, head, tail = {}, 1, 0
  for i = 1, 30000 do
    tail = tail + 1; q[tail] = i
    if i % 3 == 0 then q[head] = nil; head = head + 1 end
  end
  mix(tail - head + 1)
  mix(round)
end
print(string.format("rounds %d checksum %d", rounds, checksum))
