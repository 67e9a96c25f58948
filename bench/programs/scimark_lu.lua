-- SciMark LU: LU factorisation with partial pivoting of a 100x100 matrix, `arg[1]` times
-- (copying the original matrix before each factorisation).
local cycles = tonumber(arg and arg[1]) or 100
local N = 100

local seed = 3
local function rand()
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647
end

local A = {}
for i = 1, N do
  local row = {}
  for j = 1, N do row[j] = rand() end
  A[i] = row
end

local function copy(dst, src)
  for i = 1, N do
    local d, s = dst[i], src[i]
    for j = 1, N do d[j] = s[j] end
  end
end

local function factor(A, pivot)
  local M = N
  for j = 1, N do
    local jp = j
    local t = A[j][j]
    if t < 0 then t = -t end
    for i = j + 1, M do
      local ab = A[i][j]
      if ab < 0 then ab = -ab end
      if ab > t then jp = i; t = ab end
    end
    pivot[j] = jp
    if A[jp][j] == 0 then return 1 end
    if jp ~= j then A[j], A[jp] = A[jp], A[j] end
    if j < M then
      local recp = 1.0 / A[j][j]
      for k = j + 1, M do A[k][j] = A[k][j] * recp end
    end
    if j < N then
      local Aj = A[j]
      for ii = j + 1, M do
        local Aii = A[ii]
        local AiiJ = Aii[j]
        for jj = j + 1, N do Aii[jj] = Aii[jj] - AiiJ * Aj[jj] end
      end
    end
  end
  return 0
end

local lu = {}
for i = 1, N do lu[i] = {} end
local pivot = {}
local status = 0
for _ = 1, cycles do
  copy(lu, A)
  status = status + factor(lu, pivot)
end
local diag, psum = 0, 0
for i = 1, N do
  local d = lu[i][i]
  if d < 0 then d = -d end
  diag = diag + d
  psum = psum + pivot[i]
end
print(string.format("lu %dx%d, %d cycles: status %d pivot sum %d diag %.9f", N, N, cycles, status, psum, diag))
