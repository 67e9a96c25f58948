-- SciMark sparse matrix-vector multiply: compressed-row matrix, N=1000 rows, 5000
-- non-zeros, `arg[1]` products.
local cycles = tonumber(arg and arg[1]) or 2000
local N, NZ = 1000, 5000

local floor = math.floor
local seed = 29
local function rand()
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647
end

local x, y = {}, {}
for i = 1, N do x[i] = rand(); y[i] = 0 end
local nr = floor(NZ / N)
local anz = nr * N
local val, col, row = {}, {}, {}
for i = 1, anz do val[i] = rand() end
row[1] = 1
for r = 0, N - 1 do
  local rowr = row[r + 1]
  row[r + 2] = rowr + nr
  local step = floor(r / nr)
  if step < 1 then step = 1 end
  for i = 0, nr - 1 do col[rowr + i] = i * step + 1 end
end

local function matmult(y, val, row, col, x, cycles)
  for _ = 1, cycles do
    for r = 1, N do
      local sum = 0.0
      for i = row[r], row[r + 1] - 1 do sum = sum + x[col[i]] * val[i] end
      y[r] = sum
    end
  end
end

matmult(y, val, row, col, x, cycles)
local sum = 0
for i = 1, N do sum = sum + y[i] end
print(string.format("sparse %dx%d nz %d, %d cycles: sum %.9f", N, N, anz, cycles, sum))
