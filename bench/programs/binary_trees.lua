-- Binary trees: allocation-heavy, GC stress. Trees are arrays {left, right}.
local maxdepth_arg = tonumber(arg and arg[1]) or 15

local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end

local function check(tree)
  local left = tree[1]
  if left then
    return 1 + check(left) + check(tree[2])
  end
  return 1
end

local mindepth = 4
local maxdepth = mindepth + 2
if maxdepth_arg > maxdepth then maxdepth = maxdepth_arg end

do
  local stretch = maxdepth + 1
  print(string.format("stretch tree of depth %d\t check: %d", stretch, check(bottom_up(stretch))))
end

local longlived = bottom_up(maxdepth)

for depth = mindepth, maxdepth, 2 do
  local iters = 1
  for _ = 1, maxdepth - depth + mindepth do iters = iters * 2 end
  local total = 0
  for _ = 1, iters do
    total = total + check(bottom_up(depth))
  end
  print(string.format("%d\t trees of depth %d\t check: %d", iters, depth, total))
end

print(string.format("long lived tree of depth %d\t check: %d", maxdepth, check(longlived)))
