-- JSON: encode a generated document (objects with sorted keys, arrays, escaped strings,
-- integers and floats) and decode it again with a recursive-descent parser, `arg[1]` times.
local reps = tonumber(arg and arg[1]) or 30

local byte, sub, char, find, format = string.byte, string.sub, string.char, string.find, string.format
local concat, floor = table.concat, math.floor

---------------------------------------------------------------- encoder
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
local function escape_char(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

local encode_value

local function encode_string(s, buf)
  buf[#buf + 1] = '"'
  buf[#buf + 1] = (s:gsub('[%c"\\]', escape_char))
  buf[#buf + 1] = '"'
end

local function is_array(t)
  local n = #t
  if n == 0 then return next(t) == nil end
  for k in pairs(t) do
    if type(k) ~= "number" or k < 1 or k > n or floor(k) ~= k then return false end
  end
  return true
end

function encode_value(v, buf)
  local tv = type(v)
  if tv == "string" then
    encode_string(v, buf)
  elseif tv == "number" then
    if v == floor(v) and v > -1e15 and v < 1e15 then
      buf[#buf + 1] = format("%d", v)
    else
      buf[#buf + 1] = format("%.14g", v)
    end
  elseif tv == "boolean" then
    buf[#buf + 1] = v and "true" or "false"
  elseif v == nil then
    buf[#buf + 1] = "null"
  elseif tv == "table" then
    if is_array(v) then
      buf[#buf + 1] = "["
      for i = 1, #v do
        if i > 1 then buf[#buf + 1] = "," end
        encode_value(v[i], buf)
      end
      buf[#buf + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      buf[#buf + 1] = "{"
      for i = 1, #keys do
        if i > 1 then buf[#buf + 1] = "," end
        encode_string(keys[i], buf)
        buf[#buf + 1] = ":"
        encode_value(v[keys[i]], buf)
      end
      buf[#buf + 1] = "}"
    end
  else
    error("cannot encode " .. tv)
  end
end

local function encode(v)
  local buf = {}
  encode_value(v, buf)
  return concat(buf)
end

---------------------------------------------------------------- decoder
local decode_value

local function skip_ws(s, i)
  local _, e = find(s, "^[ \t\r\n]*", i)
  return e + 1
end

local function decode_string(s, i)
  -- s[i] is the opening quote
  local parts = {}
  local j = i + 1
  while true do
    local a, b = find(s, '["\\]', j)
    if not a then error("unterminated string") end
    if a > j then parts[#parts + 1] = sub(s, j, a - 1) end
    if byte(s, a) == 34 then -- closing quote
      return concat(parts), a + 1
    end
    local c = sub(s, a + 1, a + 1)
    if c == "u" then
      local code = tonumber(sub(s, a + 2, a + 5), 16)
      if code < 128 then
        parts[#parts + 1] = char(code)
      elseif code < 2048 then
        parts[#parts + 1] = char(192 + floor(code / 64), 128 + code % 64)
      else
        parts[#parts + 1] = char(224 + floor(code / 4096), 128 + floor(code / 64) % 64, 128 + code % 64)
      end
      j = a + 6
    else
      local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
      parts[#parts + 1] = map[c] or c
      j = a + 2
    end
  end
end

local function decode_array(s, i)
  local arr, n = {}, 0
  i = skip_ws(s, i + 1)
  if byte(s, i) == 93 then return arr, i + 1 end
  while true do
    local v
    v, i = decode_value(s, i)
    n = n + 1
    arr[n] = v
    i = skip_ws(s, i)
    local c = byte(s, i)
    if c == 93 then return arr, i + 1 end
    if c ~= 44 then error("expected , or ] at " .. i) end
    i = skip_ws(s, i + 1)
  end
end

local function decode_object(s, i)
  local obj = {}
  i = skip_ws(s, i + 1)
  if byte(s, i) == 125 then return obj, i + 1 end
  while true do
    if byte(s, i) ~= 34 then error("expected key at " .. i) end
    local k, v
    k, i = decode_string(s, i)
    i = skip_ws(s, i)
    if byte(s, i) ~= 58 then error("expected : at " .. i) end
    i = skip_ws(s, i + 1)
    v, i = decode_value(s, i)
    obj[k] = v
    i = skip_ws(s, i)
    local c = byte(s, i)
    if c == 125 then return obj, i + 1 end
    if c ~= 44 then error("expected , or } at " .. i) end
    i = skip_ws(s, i + 1)
  end
end

function decode_value(s, i)
  local c = byte(s, i)
  if c == 123 then return decode_object(s, i)
  elseif c == 91 then return decode_array(s, i)
  elseif c == 34 then return decode_string(s, i)
  elseif c == 116 then return true, i + 4
  elseif c == 102 then return false, i + 5
  elseif c == 110 then return nil, i + 4
  else
    local a, b = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not a then error("unexpected character at " .. i) end
    return tonumber(sub(s, a, b)), b + 1
  end
end

local function decode(s)
  local v, i = decode_value(s, skip_ws(s, 1))
  return v
end

---------------------------------------------------------------- document
local seed = 7
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                "quote\"d", "back\\slash", "new\nline", "tab\there", "ctl\1char", "unicode\127" }

local function make(depth)
  local kind = rand(depth > 0 and 6 or 4)
  if kind == 0 then return rand(100000) - 50000
  elseif kind == 1 then return (rand(2000000) - 1000000) / 64
  elseif kind == 2 then return words[rand(#words) + 1] .. " " .. words[rand(#words) + 1]
  elseif kind == 3 then return rand(2) == 0
  elseif kind == 4 then
    local arr = {}
    for i = 1, rand(8) + 1 do arr[i] = make(depth - 1) end
    return arr
  else
    local obj = {}
    for _ = 1, rand(8) + 1 do obj[words[rand(#words) + 1] .. rand(50)] = make(depth - 1) end
    return obj
  end
end

local doc = {}
for i = 1, 60 do doc[i] = make(5) end

local text = encode(doc)
local checksum = 0
for _ = 1, reps do
  local v = decode(text)
  local again = encode(v)
  if again ~= text then error("round trip mismatch") end
  checksum = (checksum + #again) % 1000000007
end
local h = 0
for i = 1, #text, 7 do h = (h * 31 + byte(text, i)) % 1000000007 end
print(string.format("length %d hash %d total %d", #text, h, checksum))
