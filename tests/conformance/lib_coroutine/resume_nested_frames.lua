-- Resumes that continue a frame below the coroutine body (yield in a nested call, multiple
-- results, errors after a resume, wrap pipelines): compiled frames re-entered directly.
local yield = coroutine.yield
local function inner(x)
  local a, b, c = yield(x, x + 1)
  return a + (b or 0), c
end
local function body(n)
  local s = 0
  for i = 1, n do
    local v, w = inner(i)
    s = s + v
    if w then s = s + #w end
  end
  return "done", s
end
local co = coroutine.create(body)
print(coroutine.resume(co, 5))
for i = 1, 5 do print(coroutine.resume(co, i, i * 2, i % 2 == 0 and "xx" or nil)) end
print(coroutine.resume(co))
-- error raised after a resume, in a nested frame
local co2 = coroutine.wrap(function()
  local function f() local v = yield(1); return v.x end
  return f()
end)
print(co2())
print(pcall(co2, nil))
-- generator pipeline
local function gen(n) return coroutine.wrap(function() for k = 1, n do yield(k) end yield(nil) end) end
local function filt(g) return coroutine.wrap(function()
  while true do local v = g(); if v == nil then yield(nil) end; if v % 3 ~= 0 then yield(v) end end
end) end
local g, sum = filt(gen(200)), 0
while true do local v = g(); if v == nil then break end; sum = sum + v end
print(sum)
-- multiple results through yield across resumes
local co3 = coroutine.wrap(function(...)
  local t = {...}
  while true do t = {yield(table.unpack(t))} if #t == 0 then return "end" end end
end)
print(co3(1, 2, 3)); print(co3("a")); print(co3(nil, nil, 3)); print(co3())
