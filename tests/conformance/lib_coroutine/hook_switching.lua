-- Hooks are per thread: switching between a hooked coroutine and unhooked threads (the main
-- thread, another coroutine) must turn hook events on and off at every resume and yield.
local calls = 0
local function body(n)
  local s = 0
  for i = 1, n do
    s = s + i
    n = coroutine.yield(s) or n
  end
  return s
end
local hooked = coroutine.create(body)
local plain = coroutine.create(body)
debug.sethook(hooked, function(ev) calls = calls + 1 end, "l")
local sum = 0
for round = 1, 30 do
  local ok1, a = coroutine.resume(hooked, 30)
  local ok2, b = coroutine.resume(plain, 30)
  local x = 0
  for k = 1, 50 do x = x + k end -- unhooked work on the main thread
  sum = sum + (a or 0) + (b or 0) + x
end
print(sum, calls)
-- a hooked coroutine resumed from an unhooked one
local lines = 0
local inner = coroutine.create(function()
  for i = 1, 5 do coroutine.yield(i) end
end)
debug.sethook(inner, function() lines = lines + 1 end, "l")
local outer = coroutine.wrap(function()
  local t = 0
  for i = 1, 5 do
    local _, v = coroutine.resume(inner)
    t = t + v
    coroutine.yield(t)
  end
end)
local last
for i = 1, 5 do last = outer() end
print(last, lines, debug.gethook())
