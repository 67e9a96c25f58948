local function make()
  local n = 0
  local function inc() n = n + 1; return n end
  local function get() return n end
  local function set(v) n = v end
  return inc, get, set
end
local inc, get, set = make()
inc(); inc()
print(get())
set(10)
print(inc(), get())
local inc2, get2 = make()
print(inc2(), get(), get2())
