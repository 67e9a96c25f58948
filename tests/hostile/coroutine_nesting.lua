-- hostile: coroutines resuming coroutines 1e5 deep ("C stack overflow"), wrap chains, resuming running/dead coroutines, many live coroutines
-- exit: 0
-- oracle: same
local function nest(n)
  if n == 0 then return "bottom" end
  local co = coroutine.create(nest)
  local ok, v = coroutine.resume(co, n - 1)
  if not ok then error(v, 0) end
  return v
end
print(pcall(nest, 100000))
print(pcall(nest, 150))
local function wrapnest(n)
  if n == 0 then return "wrapped bottom" end
  return coroutine.wrap(wrapnest)(n - 1)
end
local ok, e = pcall(wrapnest, 100000)
print(ok, (e:gsub("^.-: ", "")))
print(pcall(wrapnest, 150))
-- recover and do it again
for i = 1, 5 do assert(not pcall(nest, 100000)) end
print(pcall(nest, 100))
local cs = {}
for i = 1, 10000 do cs[i] = coroutine.create(function(a) coroutine.yield(a) return a * 2 end) end
local s = 0
for i = 1, 10000 do local _, v = coroutine.resume(cs[i], i) s = s + v end
for i = 1, 10000 do local _, v = coroutine.resume(cs[i]) s = s + v end
print(s)
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.yield))
local co2
co2 = coroutine.create(function() return coroutine.resume(co2) end)
print(coroutine.resume(co2))
print(coroutine.resume(co2))
print(coroutine.close(coroutine.create(print)))
print(pcall(coroutine.close, coroutine.running()))
local yielder = coroutine.wrap(function() while true do coroutine.yield(coroutine.isyieldable()) end end)
print(yielder(), yielder())
-- a coroutine that overflows its own Lua stack
local deep = coroutine.create(function() local function r() return 1 + r() end return r() end)
print(coroutine.resume(deep))
print(coroutine.status(deep), coroutine.resume(deep))
