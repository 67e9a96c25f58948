-- Native stacks of coroutines are reused between resumes: nested resumes, yields inside
-- pcall (suspended on their own stack), closing such a coroutine (its stack is abandoned and
-- recycled), errors, and many resumes afterwards on the recycled stacks.
local create, resume, yield, wrap, status, close =
  coroutine.create, coroutine.resume, coroutine.yield, coroutine.wrap, coroutine.status, coroutine.close

-- a chain: each level resumes the next, yielding in between (stackless at depth 1)
local function chain(depth)
  return create(function(x)
    local inner = depth > 1 and chain(depth - 1) or nil
    while true do
      if inner then
        local ok, v = resume(inner, x + 1)
        x = yield(ok and v or "dead")
      else
        x = yield(x * 2)
      end
    end
  end)
end
local c = chain(6)
local out = {}
for i = 1, 5 do
  local ok, v = resume(c, i)
  out[#out + 1] = tostring(v)
end
print("chain", #out, out[1], out[2], out[5])

-- several coroutines suspended inside pcall at once (each keeps its own stack)
local held = {}
for i = 1, 20 do
  local co = create(function(a)
    local ok, b = pcall(function()
      local r = yield(a + 100)
      if r == "boom" then error("boom" .. a, 0) end
      return r
    end)
    local s = yield(tostring(ok) .. ":" .. tostring(b))
    return s .. "!"
  end)
  local ok, v = resume(co, i)
  held[i] = co
  if i % 7 == 0 then print("held", i, ok, v, status(co)) end
end
-- interleave: resume them in a different order, some with errors inside the pcall
for i = 20, 1, -3 do
  local ok, v = resume(held[i], i % 2 == 0 and "boom" or "fine")
  print("second", i, ok, v)
end
-- close some that are suspended inside pcall (their stacks are abandoned, then reused)
for i = 1, 20, 4 do
  print("close", i, status(held[i]), close(held[i]), status(held[i]))
end
-- finish the others
for i = 1, 20 do
  if status(held[i]) == "suspended" then
    local ok, v = resume(held[i], "x" .. i)
    if ok and status(held[i]) == "suspended" then
      ok, v = resume(held[i], "y" .. i)
    end
    if i % 5 == 2 then print("finish", i, ok, v, status(held[i])) end
  end
end

-- errors in bodies after stackless and stackful yields; stacks stay reusable
local function failing(kind)
  return create(function()
    yield(1)
    if kind == "pcall" then
      pcall(function() yield(2) end)
    else
      yield(2)
    end
    error({kind = kind})
  end)
end
for _, kind in ipairs({"plain", "pcall", "plain", "pcall"}) do
  local co = failing(kind)
  local a = {resume(co)}
  local b = {resume(co)}
  local ok, e = resume(co)
  print("fail", kind, a[2], b[2], ok, type(e) == "table" and e.kind, status(co))
end

-- generators nested inside a coroutine, after all the recycling
local function gen(n)
  return wrap(function() for k = 1, n do yield(k) end end)
end
local outer = create(function()
  local total = 0
  for v in gen(50) do
    total = total + v
    if v % 10 == 0 then yield(total) end
  end
  return "done", total
end)
while true do
  local ok, a, b = resume(outer)
  print("outer", ok, a, b)
  if status(outer) == "dead" then break end
end

-- a long ring on recycled stacks
local ring = {}
for id = 1, 30 do
  ring[id] = create(function(t)
    while true do t = yield(t + id) end
  end)
end
local t = 0
for step = 1, 3000 do
  local ok, v = resume(ring[step % 30 + 1], t)
  t = v % 1000003
end
print("ring", t)
