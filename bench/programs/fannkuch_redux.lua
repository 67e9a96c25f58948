-- Fannkuch-redux: permutations and prefix reversals on small integer arrays.
-- Values are 0-based (0..n-1), stored at indices 1..n.
local n = tonumber(arg and arg[1]) or 9

local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  local maxflips, checksum, permcount = 0, 0, 0
  for i = 1, n do perm1[i] = i - 1; count[i] = 0 end
  local r = n
  while true do
    while r ~= 1 do count[r - 1] = r; r = r - 1 end
    for i = 1, n do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[1]
    while k ~= 0 do
      local i, j = 1, k + 1
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i = i + 1; j = j - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > maxflips then maxflips = flips end
    if permcount % 2 == 0 then checksum = checksum + flips else checksum = checksum - flips end
    while true do
      if r == n then return checksum, maxflips end
      local p0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = p0
      local c = count[r] - 1
      count[r] = c
      if c > 0 then break end
      r = r + 1
    end
    permcount = permcount + 1
  end
end

local checksum, flips = fannkuch(n)
print(string.format("%d\nPfannkuchen(%d) = %d", checksum, n, flips))
