-- Conway's game of life on a torus: 2D grid as an array of row arrays, neighbour counts.
local gens = tonumber(arg and arg[1]) or 100
local W, H = 128, 128

-- deterministic initial state from the Park-Miller generator (products stay below 2^53)
local seed = 12345
local function rand()
  seed = (seed * 16807) % 2147483647
  return seed
end

local grid, next_ = {}, {}
for y = 1, H do
  local row, nrow = {}, {}
  for x = 1, W do
    row[x] = (rand() % 100 < 30) and 1 or 0
    nrow[x] = 0
  end
  grid[y], next_[y] = row, nrow
end

local function step(g, ng)
  for y = 1, H do
    local up = g[y == 1 and H or y - 1]
    local row = g[y]
    local down = g[y == H and 1 or y + 1]
    local out = ng[y]
    for x = 1, W do
      local l = x == 1 and W or x - 1
      local r = x == W and 1 or x + 1
      local n = up[l] + up[x] + up[r] + row[l] + row[r] + down[l] + down[x] + down[r]
      if n == 3 or (n == 2 and row[x] == 1) then out[x] = 1 else out[x] = 0 end
    end
  end
end

for _ = 1, gens do
  step(grid, next_)
  grid, next_ = next_, grid
end

local pop, checksum = 0, 0
for y = 1, H do
  local row = grid[y]
  for x = 1, W do
    if row[x] == 1 then
      pop = pop + 1
      checksum = (checksum * 7 + y * W + x) % 1000000007
    end
  end
end
print(string.format("generations %d population %d checksum %d", gens, pop, checksum))
