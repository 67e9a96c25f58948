local function mr(n) return n, n + 1, n + 2 end
local function tail(n) return mr(n) end
print(tail(1))
local function tail_vararg(...) return select(2, ...) end
print(tail_vararg("a", "b", "c"))
local function not_tail(n) return (mr(n)) end
print(not_tail(1))
local function countdown(n, ...)
  if n == 0 then return select('#', ...), ... end
  return countdown(n - 1, ...)
end
print(countdown(100000, "x", "y"))
