-- hostile: malformed binary chunks: every truncation of a string.dump, every byte overwritten with boundary values, and random multi-byte corruption; whatever load accepts must run or fail with a Lua error
-- exit: 0
-- flags: --memory-limit=256M
-- oracle: differs (lua5.4 does not verify bytecode and crashes on corrupt chunks)
-- A corrupt chunk may legitimately loop forever or allocate without end: each one runs in a
-- coroutine with an instruction budget (a count hook), under the memory limit.
local function sample(a, b, ...)
  local t = {a, b, ...}
  for i = 1, #t do t[i] = tostring(t[i]) .. "!" end
  local s = 0
  for i = 1, 10 do s = s + i * (a or 1) end
  local up = 0
  local function inc(n) up = up + n return up end
  for _, v in ipairs({1, 2.5, "3"}) do inc(tonumber(v)) end
  local ok, e = pcall(error, {code = 7})
  return table.concat(t, ","), s, select("#", ...), up, e.code, ("%d-%s"):format(3, "x")
end
local chunks = {string.dump(sample), string.dump(sample, true), string.dump(load("return ...")),
  string.dump(load("local a <const> = 1; local t <close> = nil; goto x; ::x:: return a"))}
print(load(chunks[1])(1, 2, 3))
local msgs = {}
local function note(e)
  e = e:gsub("^[^:]*: ", "")
  msgs[e] = (msgs[e] or 0) + 1
end
for _, d in ipairs(chunks) do
  for n = 0, #d - 1 do
    local f, e = load(d:sub(1, n), "=trunc", "b")
    assert(not f)
    note(e)
  end
end
local loaded, ran, failed = 0, 0, 0
local function try(m)
  local f, e = load(m, "=mut", "b")
  if f then
    loaded = loaded + 1
    local co = coroutine.create(f)
    debug.sethook(co, function() error("budget exhausted") end, "", 100000)
    if coroutine.resume(co, 1, 2, 3) then ran = ran + 1 else failed = failed + 1 end
  else
    note(e)
  end
end
for _, src in ipairs(chunks) do
  for i = 1, #src do
    for _, v in ipairs({0, 1, 0x7f, 0x80, 0xfe, 0xff}) do
      try(src:sub(1, i - 1) .. string.char(v) .. src:sub(i + 1))
    end
  end
end
-- deterministic pseudo-random corruption (LCG), 1 to 4 bytes at a time
local seed = 12345
local function rnd(n)
  seed = (seed * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
  return (seed >> 33) % n + 1
end
for round = 1, 3000 do
  local src = chunks[rnd(#chunks)]
  local b = {src:byte(1, -1)}
  for k = 1, rnd(4) do b[rnd(#b)] = rnd(256) - 1 end
  try(string.char(table.unpack(b)))
end
print("loaded", loaded > 0, "ran", ran > 0, "accounted", loaded == ran + failed)
print("truncated", msgs["bad binary format (truncated chunk)"] > 0)
for _, k in ipairs({"bad binary format (not a binary chunk)", "bad binary format (version mismatch)"}) do
  print(k, (msgs[k] or 0) > 0)
end
print(load("\27Lua", "=x"))
print(load("\27Lua\x54\0", "=x"))
print(load("\27Lua\x53\0", "=x"))
print(pcall(load, chunks[1], "x", "t"))
print(load(chunks[1]:sub(1, 20), "=x", "bt"))
