local n = 0
::again::
n = n + 1
if n < 5 then goto again end
print(n)
local function count(k)
  local c = 0
  ::loop::
  if k > 0 then c = c + k; k = k - 1; goto loop end
  return c
end
print(count(100))
