-- SciMark SOR: Jacobi successive over-relaxation on a 100x100 grid, `arg[1]` sweeps.
local cycles = tonumber(arg and arg[1]) or 500
local M, N = 100, 100
local omega = 1.25

local seed = 17
local G = {}
for i = 1, M do
  local row = {}
  for j = 1, N do
    seed = (seed * 16807) % 2147483647
    row[j] = seed / 2147483647
  end
  G[i] = row
end

local function execute(omega, G, cycles)
  local omega_over_four = omega * 0.25
  local one_minus_omega = 1.0 - omega
  for _ = 1, cycles do
    for i = 2, M - 1 do
      local Gi, Gim1, Gip1 = G[i], G[i - 1], G[i + 1]
      for j = 2, N - 1 do
        Gi[j] = omega_over_four * (Gim1[j] + Gip1[j] + Gi[j - 1] + Gi[j + 1])
              + one_minus_omega * Gi[j]
      end
    end
  end
end

execute(omega, G, cycles)
local sum = 0
for i = 1, M do for j = 1, N do sum = sum + G[i][j] end end
print(string.format("sor %dx%d, %d cycles: sum %.9f center %.9f", M, N, cycles, sum, G[50][50]))
