-- N-queens: count all solutions by backtracking with occupancy arrays (no bit operations).
local N = tonumber(arg and arg[1]) or 10

local cols, diag1, diag2 = {}, {}, {}
for i = 1, 2 * N do cols[i] = false; diag1[i] = false; diag2[i] = false end

local function place(row)
  if row > N then return 1 end
  local count = 0
  for c = 1, N do
    local d1, d2 = row + c, row - c + N
    if not cols[c] and not diag1[d1] and not diag2[d2] then
      cols[c], diag1[d1], diag2[d2] = true, true, true
      count = count + place(row + 1)
      cols[c], diag1[d1], diag2[d2] = false, false, false
    end
  end
  return count
end

for n = 4, N do
  local saveN = N
  N = n
  print(string.format("%d-queens: %d solutions", n, place(1)))
  N = saveN
end
