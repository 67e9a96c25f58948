local function inner(...) return select('#', ...), ... end
local function outer(...) return inner(...) end
print(outer())
print(outer(1, nil))
print(outer(nil, nil, nil))
local function deep(n, ...)
  if n == 0 then return ... end
  return deep(n - 1, n, ...)
end
print(deep(5))
print(select('#', deep(100)))
