-- Deep recursion of compiled functions: compiled callers call compiled callees natively only
-- up to a nesting limit above each entry from Rust (each native level uses native stack, and
-- a coroutine's native stack is small), then the frames unwind to the frame loop and resume
-- there. Depths far past the limit, in the main thread and in coroutines that yield from
-- the bottom, through pcall and metamethods (entries from Rust), must all give exact results.
local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end

local function sum_to(n, acc)
  if n == 0 then return acc end
  local r = sum_to(n - 1, acc + n)
  return r
end

print(depth(150000), sum_to(150000, 0))

-- In a coroutine, yielding from the bottom of the recursion, resumed many times.
local function dive(n)
  if n == 0 then
    local got = coroutine.yield("bottom")
    return got
  end
  return 1 + dive(n - 1)
end
for _, n in ipairs({ 50, 150, 5000, 120000 }) do
  local co = coroutine.create(dive)
  local ok, v = coroutine.resume(co, n)
  local ok2, w = coroutine.resume(co, 7)
  print(n, ok, v, ok2, w, coroutine.status(co))
end

-- Through pcall and a metamethod at every level (each is an entry from Rust).
local mt = {}
mt.__index = function(t, k)
  if k == 0 then return 0 end
  return t[k - 1] + 1
end
local t = setmetatable({}, mt)
local function viapcall(n)
  if n == 0 then return 0 end
  local ok, v = pcall(viapcall, n - 1)
  return v + 1
end
print(t[150], viapcall(150))

-- Many coroutines, each deep, alive at once.
local cos = {}
for i = 1, 20 do
  cos[i] = coroutine.wrap(function(n)
    local function rec(k) if k == 0 then return coroutine.yield(n) end return rec(k - 1) + 1 end
    return rec(n)
  end)
end
local s = 0
for i = 1, 20 do s = s + cos[i](i * 300) end
for i = 1, 20 do s = s + cos[i](1) end
print(s)

-- A coroutine whose frame vector and stack are already big: a second deep recursion meets
-- no growth on the way down (nothing else unwinds the native frames).
local big = coroutine.wrap(function()
  local a = depth(180000)
  coroutine.yield(a)
  local b = depth(180000)
  coroutine.yield(b)
  return sum_to(180000, 0)
end)
print(big(), big(), big())
