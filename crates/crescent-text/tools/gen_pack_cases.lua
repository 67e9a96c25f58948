-- Expected results of string.pack/packsize/unpack from lua5.4:
--   lua5.4 tools/gen_pack_cases.lua > src/pack_cases.rs
local function esc(s)
  return (s:gsub('.', function(c)
    local b = c:byte()
    if b < 32 or b > 126 or c == '"' or c == '\\' then return string.format("\\x%02x", b) end
  end))
end
local function hex(s) return (s:gsub('.', function(c) return string.format("%02x", c:byte()) end)) end
local function bits(x) return string.format("%016x", string.unpack("<i8", string.pack("<d", x))) end
local function rustval(v)
  if math.type(v) == "integer" then return v == math.mininteger and "PackValue::Int(i64::MIN)" or "PackValue::Int(" .. v .. ")"
  elseif math.type(v) == "float" then return "PackValue::Float(f64::from_bits(0x" .. bits(v) .. "))"
  else return 'PackValue::Bytes(b"' .. esc(v) .. '")' end
end
local function ser(v)
  if math.type(v) == "integer" then return tostring(v)
  elseif math.type(v) == "float" then return "f" .. bits(v)
  else return '"' .. esc(v) .. '"' end
end
local function errmsg(e) return "error: " .. esc((e:gsub("'string%.(%a+)'", "'%1'"))) end

local cases = {}
local function P(fmt, ...) cases[#cases + 1] = {"pack", fmt, table.pack(...), "", 1} end
local function S(fmt) cases[#cases + 1] = {"packsize", fmt, {n = 0}, "", 1} end
local function U(fmt, data, init) cases[#cases + 1] = {"unpack", fmt, {n = 0}, data, init or 1} end

P("b", 1); P("b", -1); P("b", 127); P("b", 128); P("b", -128); P("b", -129); P("B", 255); P("B", 256); P("B", -1)
P("h", 0x1234); P(">h", 0x1234); P("<h", -2); P("H", 65535); P("H", 65536); P("h", 32768); P("h", -32768)
P("i", 1); P(">i", 1); P("i3", 0x123456); P("i3", 8388608); P("i3", -8388608); P("I3", 16777215); P("I3", 16777216)
P("j", math.mininteger); P(">j", math.maxinteger); P("J", -1); P("l", -2); P("L", 3); P("T", 4)
P("i16", -1); P("i16", 1); P(">i16", -2); P("I16", -1); P("i9", math.mininteger); P("i12", 5); P("i1", 127); P("i1", 128)
P("I7", 2^56 - 1 | 0); P("I7", 1 << 56); P("i7", -(1 << 55)); P("i7", 1 << 55); P("i8", math.mininteger)
P("f", 1.5); P(">f", 1.5); P("f", 0.1); P("f", 1e300); P("f", -0.0); P("d", 0.1); P(">d", -2.5); P("n", 3)
P("d", 1); P("f", 2^24 + 1); P("j", 3.0); P("j", 3.5); P("d", "x"); P("i"); P("i i", 1)
P("c5", "abc"); P("c3", "abc"); P("c2", "abc"); P("c0", ""); P("c0", "a"); P("c", "a"); P("c1", 7)
P("s", "hello"); P("s1", "hi"); P(">s2", "hi"); P("s1", string.rep("x", 255)); P("s1", string.rep("x", 256))
P("s16", "a"); P("s3", 12); P("s", 1.5); P("z", "abc"); P("z", ""); P("z", "a\0b"); P("z", 12)
P("x"); P("xxb", 1); P("b x b", 1, 2); P("!4 b i4", 1, 2); P("!4 b i2", 1, 2); P("! b d", 1, 2); P("!2 b i8", 1, 2)
P("!8 b Xi8 b", 1, 2); P("!8 b Xh b", 1, 2); P("b Xi8", 1); P("!16 b Xi16", 1); P("!3 b i4", 1, 2); P("!3 b i3", 1, 2)
P("!17", 1); P("!0", 1); P("i0", 1); P("i17", 1); P("I99999999999", 1); P("y", 1); P("=b", 1); P("<>=b", 1)
P("X", 1); P("Xc1", 1); P("Xz", 1); P("Xb", 1); P("X!4", 1); P("Xy", 1); P("b\0y", 1, 2); P("\0y"); P("\200")
P("!4 z i4", "ab", 5); P("!4 s1 i4", "ab", 5); P(" < i2 > i2 = i2 ", 1, 2, 3); P("!4 i4 !2 i4", 1, 2)
P("c2147483647", "x"); P("b", 1.5); P("b", 2^53); P("I4", 2^32 - 1 | 0); P("i4", -2^31 | 0); P("i4", 2^31 | 0)
P("!8 b T b J", 1, 2, 3, 4); P("s8", "x"); P("B", 0); P("<I16", math.mininteger); P(">i11", -3)

S(""); S("b"); S("i"); S("j"); S("!8 b j"); S("!b j"); S("!4 b i3"); S("!4 b d"); S("c10"); S("c0"); S("x X"); S("xXh")
S("bXh"); S("bXi16"); S("!16bXi16"); S("s"); S("z"); S("bz"); S("c2147483639"); S("c2147483639c9"); S("c2147483639b")
S("c21474836399"); S("c2147483640"); S("c1073741824c1073741824"); S("c1073741823c1073741824"); S("c1073741824c1073741823")
S("!4 i3 i7"); S("bXy"); S("bX!"); S("bX"); S("b\0y"); S("i16 !16 b j16"); S("f d n"); S("<>="); S("y"); S("c")
S("i0"); S("i17"); S("!17"); S("Xc3"); S("!2 b i16"); S("!8 h Xb i8"); S("b X!8 b")

U("b", "\1"); U("b", "\255"); U("B", "\255"); U("h", "\1\2"); U(">h", "\1\2"); U("<H", "\255\255"); U("i3", "\255\255\127")
U("i3", "\0\0\128"); U("j", string.pack("j", math.mininteger)); U("J", string.rep("\255", 8)); U("i9", string.rep("\255", 9))
U("I9", string.rep("\255", 9)); U("i9", string.rep("\255", 8) .. "\0"); U("i9", "\1" .. string.rep("\0", 8))
U(">i9", "\0" .. string.rep("\255", 8)); U("i16", string.rep("\0", 16)); U("I16", string.rep("\255", 8) .. string.rep("\0", 8))
U("<i16", string.rep("\255", 16)); U("i10", "\0\0\0\0\0\0\0\128\255\255"); U("i10", "\0\0\0\0\0\0\0\128\0\0")
U("f", string.pack("f", 1.5)); U(">f", string.pack(">f", 0.1)); U("d", string.pack("d", -2.5)); U("n", string.pack("n", 1/0))
U("c3", "abcdef"); U("c3c3", "abcdef"); U("c0", ""); U("c7", "abc"); U("s1", "\3abcd"); U("s1", "\5abc"); U(">s2", "\0\2hi")
U("s", string.pack("s", "hello")); U("z", "abc\0def"); U("zz", "abc\0def\0"); U("z", "abc"); U("z", ""); U("z", "\0")
U("b", "abc", 2); U("b", "abc", -1); U("b", "abc", 3); U("b", "abc", 4); U("b", "abc", 5); U("b", "abc", 0); U("b", "abc", -10)
U("", "abc", 4); U("", "abc", 5); U("i4", "abc"); U("!4 b i4", "\1\0\0\0\2\0\0\0"); U("!4 b i4", "\1\0\0\0\2\0\0")
U("x b", "\1\2"); U("b X i4 b", "\1\2"); U("!4 b Xi4 b", "\1\0\0\0\2"); U("z X i4", "ab\0"); U("i", "\1\2\3\4", 2)
U("!4 b i4", "\0\1\0\0\0\2\0\0\0", 2); U("y", "a"); U("i17", "a"); U("X", "a"); U("<i2 >i2 =i2", "\1\0\0\1\1\0")
U("s1", "\0"); U("s1", ""); U("s16", string.rep("\0", 16)); U("s16", "\1" .. string.rep("\0", 15) .. "x")
U("s9", string.rep("\255", 9)); U("c2 b", "ab\1\2"); U("j", "1234567"); U("bbbb", "\1\2\3")

-- random formats over a small option set
local seed = 777
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return (seed // 65536) % n end
local opts = {"b", "B", "h", "H", "i", "I", "i3", "I5", "i16", "j", "J", "f", "d", "n", "s1", "s", "z", "x", "Xi4",
  "Xh", "!4", "!", "<", ">", "=", " ", "c3", "i9", "I12"}
local function rvalue(o)
  local k = rnd(4)
  if o:find("^[sz]") or o:find("^c") then return ({"", "ab", "abc", "xyz!"})[rnd(4) + 1]
  elseif o:find("^[fdn]") then return ({0.5, -1.25, 3.0, 1e10, 0.1})[rnd(5) + 1]
  elseif k == 0 then return rnd(256) - 128 elseif k == 1 then return rnd(70000) else return rnd(2) - 1 end
end
for i = 1, 300 do
  local f, vals = {}, {}
  for _ = 1, rnd(5) + 1 do
    local o = opts[rnd(#opts) + 1]
    f[#f + 1] = o
    if not o:find("^[X!<>= x]") then vals[#vals + 1] = rvalue(o) end
  end
  local fmt = table.concat(f)
  P(fmt, table.unpack(vals))
  local ok, packed = pcall(string.pack, fmt, table.unpack(vals))
  if ok then U(fmt, packed); S(fmt) end
end

io.write("// Generated by tools/gen_pack_cases.lua from lua5.4; do not edit by hand.\n")
io.write("use super::PackValue;\n\n")
io.write("// (op, format, values, data, init, expected)\n")
io.write("#[allow(clippy::type_complexity)]\n")
io.write("pub const CASES: &[(&str, &[u8], &[PackValue<'static>], &[u8], i64, &str)] = &[\n")
for _, c in ipairs(cases) do
  local op, fmt, vals, data, init = c[1], c[2], c[3], c[4], c[5]
  local res
  if op == "pack" then
    local ok, r = pcall(string.pack, fmt, table.unpack(vals, 1, vals.n))
    res = ok and hex(r) or errmsg(r)
  elseif op == "packsize" then
    local ok, r = pcall(string.packsize, fmt)
    res = ok and tostring(r) or errmsg(r)
  else
    local r = table.pack(pcall(string.unpack, fmt, data, init))
    if r[1] then
      local t = {}
      for i = 2, r.n do t[#t + 1] = ser(r[i]) end
      res = table.concat(t, " ")
    else res = errmsg(r[2]) end
  end
  local rv = {}
  for i = 1, vals.n do rv[i] = rustval(vals[i]) end
  io.write(string.format('    ("%s", b"%s", &[%s], b"%s", %d, "%s"),\n', op, esc(fmt), table.concat(rv, ", "),
    esc(data), init, (res:gsub('[\\"]', '\\%0'))))
end
io.write("];\n")
