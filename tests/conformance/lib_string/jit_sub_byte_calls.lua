-- string.sub and string.byte called with one result wanted, in loops (compiled code reads
-- bytes inline and computes sub without a native frame): every argument shape, the
-- fallbacks to the ordinary call, errors, hooks and collections in between.
local sub, byte = string.sub, string.byte
local s = "hello, world"
local out = {}
local function put(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  out[#out + 1] = table.concat(t, " ")
end

local idx = { -20, -13, -12, -5, -1, 0, 1, 2, 5, 12, 13, 20, math.mininteger, math.maxinteger }
for round = 1, 3 do
  for _, i in ipairs(idx) do
    put("sub2", i, "[" .. sub(s, i) .. "]")
    put("byte2", i, byte(s, i))
    for _, j in ipairs(idx) do
      local r = sub(s, i, j)
      put("sub3", i, j, "[" .. r .. "]", #r)
    end
    put("subnil", i, "[" .. sub(s, i, nil) .. "]")
  end
  put("byte1", byte(s), byte(""), byte("z"))
  put("subempty", "[" .. sub("", 1) .. "]", "[" .. sub("", 0, -1) .. "]")
  -- results are the interned strings: equal to constants, usable as keys
  local t = { hello = 1, [","] = 2 }
  put("intern", sub(s, 1, 5) == "hello", t[sub(s, 1, 5)], t[sub(s, 6, 6)], sub(s, 1, -1) == s)
  -- other argument types: the ordinary call (coercions and errors)
  put("float", sub(s, 2.0, 4.0), byte(s, 3.0), sub(s, "2", "3"), byte(s, "1"))
  put("number subject", sub(12345, 2, 3), byte(12345, 2), sub(1.5, 1, 2))
  put("extra args", sub(s, 1, 2, 3), byte(s, 1, 2))
  put(pcall(sub, s))
  put(pcall(sub, s, 1.5))
  put(pcall(sub, s, "x"))
  put(pcall(sub, s, 1, {}))
  put(pcall(sub, nil, 1))
  put(pcall(byte, s, 2.5))
  put(pcall(byte, {}))
  put(pcall(function() return sub(s, 1, 2.5) end))
  put(pcall(function() return byte(nil, 1) end))
  -- method calls go through the string metatable to the same functions
  put("method", s:sub(8), s:byte(8), s:sub(-5, -2), ("abc"):byte(-1))
  -- long results (not interned) and strings with zeros
  local long = string.rep("0123456789", 10)
  local z = "a\0b\0c"
  put("long", sub(long, 3, 60), #sub(long, 2), sub(long, 1, 41) == sub(long, 1, 41))
  put("zeros", #sub(z, 2, 4), byte(z, 2), byte(z, 4), sub(z, 2, 4) == "\0b\0")
end

-- many results kept while the collector runs: none is lost or confused
local keep = {}
local text = string.rep("ACGTTGCA", 64)
for k = 1, 2000 do
  local i = k % (#text - 20) + 1
  keep[k] = sub(text, i, i + (k % 19))
  if k % 500 == 0 then collectgarbage() end
end
local ok = true
for k = 1, 2000 do
  local i = k % (#text - 20) + 1
  if keep[k] ~= text:sub(i, i + (k % 19)) then ok = false end
end
put("kept", ok, #keep)

-- a hook set meanwhile: calls are seen by it
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
for i = 1, 10 do local _ = sub(s, i, i + 1); local _ = byte(s, i) end
debug.sethook()
put("hooked calls", calls >= 20)

-- a function replaced by a Lua function or a different native under the same name
local saved = sub
sub = function(a, b, c) return "lua:" .. saved(a, b, c) end
put("replaced", sub(s, 1, 2))
sub = string.upper
put("replaced native", sub(s, 1, 2))
sub = saved

for i = 1, #out do print(out[i]) end
