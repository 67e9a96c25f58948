-- Integer loops with steps other than 1 in a function (run by compiled code under the JIT
-- tiers): iteration counts by division, negative steps, empty loops, extreme values.
local maxint = 9223372036854775807
local minint = -9223372036854775807 - 1
local function run(a, b, s)
  local n, first, last = 0, nil, nil
  for i = a, b, s do
    n = n + 1
    if not first then first = i end
    last = i
  end
  return n, first, last
end
local cases = {
  {1, 10, 2}, {1, 10, 3}, {0, 10, 5}, {10, 1, -3}, {10, 1, -1}, {10, 10, -7}, {1, 10, -1},
  {10, 1, 2}, {-5, 5, 4}, {5, -5, -4}, {0, 0, 9}, {1, 100000, 7}, {100000, 1, -13},
  {maxint - 10, maxint, 3}, {minint + 10, minint, -3}, {minint, maxint, maxint},
  {maxint, minint, minint}, {minint, maxint, 2^62 // 1}, {0, maxint, 2^62 // 1}, {minint, maxint, 1 << 62}, {maxint, minint, -(1 << 62)},
  {-1, minint, minint}, {0, -1, minint}, {5, 0, minint}, {minint, minint, -1},
}
for _, c in ipairs(cases) do
  print(c[1], c[2], c[3], run(c[1], c[2], c[3]))
end
local t = 0
for k = 1, 300 do
  for j = k, 1, -k // 3 - 1 do t = t + j end
end
print(t)
print(pcall(run, 1, 10, 0))
