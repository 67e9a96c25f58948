local function count(...) return select('#', ...) end
local function last(...) local n = select('#', ...) if n == 0 then return "none" end return (select(n, ...)) end
print(count(nil, nil, nil), last(1, nil, nil), last(nil, 2), last())
local function pass(...) return ... end
print(count(pass(nil, nil)), count(pass()), pass(1, nil, 3))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(1, nil, 2, nil, 3))
