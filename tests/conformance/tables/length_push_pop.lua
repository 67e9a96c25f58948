-- `#t` through pushes and pops of sequences (array parts of every size from 0, full and
-- partly filled, with and without hash parts), as loops of `t[#t + 1] = v` and
-- `t[#t] = nil` exercise it.
local out = {}
local function rec(v) out[#out + 1] = v end

for n = 0, 9 do
  local t = {}
  for i = 1, n do t[#t + 1] = i end
  local a = #t
  for _ = 1, n // 2 do t[#t] = nil end
  local b = #t
  for i = 1, 3 do t[#t + 1] = -i end
  local c = #t
  t.name = "x"
  t[#t + 1] = 0
  local d = #t
  while #t > 0 do t[#t] = nil end
  rec(n .. ":" .. a .. "," .. b .. "," .. c .. "," .. d .. "," .. #t)
end
print(#out)
for i = 1, #out do print(out[i]) end

-- Constructors of each size, then pushes.
for n = 0, 6 do
  local t
  if n == 0 then t = {} elseif n == 1 then t = { 1 } elseif n == 2 then t = { 1, 2 }
  elseif n == 3 then t = { 1, 2, 3 } elseif n == 4 then t = { 1, 2, 3, 4 }
  elseif n == 5 then t = { 1, 2, 3, 4, 5 } else t = { 1, 2, 3, 4, 5, 6 } end
  local lens = {}
  for i = 1, 10 do
    lens[#lens + 1] = #t
    t[#t + 1] = i
  end
  local s = ""
  for i = 1, #lens do s = s .. lens[i] .. " " end
  print("ctor", n, s, #t)
end

-- Stack discipline with interleaved pops and pushes.
local st = {}
local trace = ""
for i = 1, 40 do
  if i % 3 == 0 then st[#st] = nil else st[#st + 1] = i end
  trace = trace .. #st .. " "
end
print(trace)
