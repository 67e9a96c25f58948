local function sieve(n)
  local composite = {}
  local count, last = 0, 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      last = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count, last
end
print(sieve(1000000))
