-- Expected results of string.format from lua5.4:
--   lua5.4 tools/gen_format_cases.lua > src/format_cases.rs
--   lua5.4 tools/gen_format_cases.lua random > tests/data/format_random.txt
local function esc(s)
  return (s:gsub('.', function(c)
    local b = c:byte()
    if b < 32 or b > 126 or c == '"' or c == '\\' then return string.format("\\x%02x", b) end
  end))
end
local function hexbits(x) return string.format("%016x", string.unpack("<i8", string.pack("<d", x))) end
local function rustarg(v)
  if math.type(v) == "integer" then return v == math.mininteger and "Arg::Int(i64::MIN)" or "Arg::Int(" .. v .. ")"
  elseif math.type(v) == "float" then return "Arg::Float(f64::from_bits(0x" .. hexbits(v) .. "))"
  elseif type(v) == "string" then return 'Arg::Str(b"' .. esc(v) .. '")'
  elseif v == nil then return "Arg::Nil"
  elseif type(v) == "table" then return 'Arg::Other("table")'
  else return "Arg::Bool(" .. tostring(v) .. ")" end
end
local function run(fmt, args)
  local ok, r = pcall(string.format, fmt, table.unpack(args, 1, args.n))
  if not ok then return "error: " .. esc((r:gsub("'string.format'", "'format'"))) end
  return '"' .. esc(r) .. '"'
end

if arg[1] == "random" then
  local seed = 4242
  local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return (seed // 65536) % n end
  local function rbytes(n) local t = {} for i = 1, n do t[i] = string.char(rnd(256)) end return table.concat(t) end
  local nice = {0.5, 1.5, 2.5, 0.125, 0.375, 1e22, 1e23, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
    0.1, 0.2, 0.3, 1/3, 2/3, 100, 1e15, 1e16, 1e-5, 1e-4, 9.5, 99.5, 999.5, 0.05, 0.15, 0.25, 0.35, 123456789,
    0.0001, 0.00001, 1e21, 9.999999e-5, 9.9999995, 0.995, 1.005, 2^53, 2^63, 2^64, 1/0, 0/0, 3.14159265358979}
  local function rnum()
    local k = rnd(6)
    if k == 0 then return (string.unpack("<d", rbytes(8)))
    elseif k == 1 then local x = nice[rnd(#nice) + 1]; return rnd(2) == 0 and x or -x
    elseif k == 2 then return (rnd(2000000) - 1000000) / (10 ^ rnd(8))
    elseif k == 3 then return (rnd(1000) + rnd(1000) / 1000) * 10.0 ^ (rnd(60) - 30)
    elseif k == 4 then return (rnd(64) + 0.5) * 2.0 ^ (rnd(40) - 20)
    else return (rnd(2) == 0 and 1 or -1) * (rnd(100000)) * 2.0 ^ (rnd(2100) - 1075) end
  end
  local flags = {"-", "+", " ", "#", "0"}
  local function spec(allowed, prec_ok)
    local s = "%"
    for _ = 1, rnd(3) do local f = flags[rnd(5) + 1]; if allowed:find(f, 1, true) then s = s .. f end end
    if rnd(2) == 0 then s = s .. tostring(rnd(30) + 1) end
    if prec_ok and rnd(3) > 0 then s = s .. "." .. (rnd(8) == 0 and tostring(rnd(100)) or tostring(rnd(20))) end
    return s
  end
  local fconv = {"e", "E", "f", "g", "G", "a", "A"}
  for i = 1, 6000 do
    local fmt = spec("-+ #0", true) .. fconv[rnd(#fconv) + 1]
    local x = rnum()
    local ok, r = pcall(string.format, fmt, x)
    if ok then print(fmt .. "\t" .. hexbits(x) .. "\t" .. esc(r)) end
  end
  local iconv = {{"d", "-+ 0"}, {"i", "-+ 0"}, {"u", "-0"}, {"o", "-#0"}, {"x", "-#0"}, {"X", "-#0"}, {"c", "-"}}
  for i = 1, 3000 do
    local c = iconv[rnd(#iconv) + 1]
    local fmt = spec(c[2], c[1] ~= "c") .. c[1]
    local n = rnd(3) == 0 and string.unpack("<i8", rbytes(8)) or (rnd(2000) - 1000)
    if c[1] == "c" then n = rnd(256) end
    local ok, r = pcall(string.format, fmt, n)
    if ok then print(fmt .. "\t" .. string.format("%x", n) .. "\t" .. esc(r)) end
  end
  local chars = {"\0", "\1", "\31", "1", "9", "a", "\n", "\r", "\"", "\\", "\127", "\200", "\255", " "}
  local function hex(s) return (s:gsub('.', function(c) return string.format("%02x", c:byte()) end)) end
  for i = 1, 1500 do
    local t = {}
    for _ = 1, rnd(8) do t[#t + 1] = chars[rnd(#chars) + 1] end
    local str = table.concat(t)
    local fmt = "%q"
    if rnd(2) == 0 then
      str = str:gsub("%z", "")
      fmt = spec("-", true) .. "s"
    end
    local ok, r = pcall(string.format, fmt, str)
    if ok then print(fmt .. "\t" .. hex(str) .. "\t" .. esc(r)) end
  end
  return
end

local cases = {}
local function add(fmt, ...) cases[#cases + 1] = {fmt, table.pack(...)} end
add("hello"); add(""); add("%%"); add("a%%b%%"); add("%d", 42); add("%5d|%-5d|%05d", 42, 42, 42)
add("%+d % d %+d", 5, 5, -5); add("%.3d|%.0d|%.0d|%5.3d", 7, 0, 1, -7); add("%d", math.mininteger)
add("%d %i", math.maxinteger, -1); add("%u %u", -1, 42); add("%x %X %o", 255, 255, 8); add("%#x %#X %#o", 255, 255, 8)
add("%#x %#o %#.0o %#5o", 0, 0, 0, 1); add("%08.3x|%-#8x|%#08x", 255, 255, 255); add("%x", math.mininteger)
add("%d", 3.0); add("%d", 3.5); add("%d", "x"); add("%d", nil); add("%d"); add("%d %d", 1)
add("%c", 65); add("%c%c%c", 76, 117, 97); add("%5c|%-5c", 65, 66); add("%c", 0); add("%c", 256 + 65); add("%c", -1)
add("%05c", 65); add("%.3c", 65); add("%+c", 1)
add("%s", "abc"); add("%s", 12); add("%s", 1.5); add("%s", nil); add("%s", true); add("%s", "a\0b")
add("%5s|%-5s|%.2s|%5.1s|%.0s|", "abc", "abc", "abc", "abc", "abc"); add("%5s", "a\0b"); add("%.1s", "a\0b")
add("%99s", "x"); add("%s", string.rep("x", 150)); add("%5s", string.rep("x", 150)); add("%.105s", string.rep("x", 150))
add("%-100s|", "x"); add("%100s", "x"); add("%.99s", string.rep("y", 120)); add("%0s", "x"); add("%#s", "x")
add("%q", "hello"); add("%q", 'a"b\\c\nd\re\0f\0001\1272\200\255'); add("%q", "\t1\t"); add("%q", "\0009")
add("%q", 1); add("%q", -7); add("%q", math.mininteger); add("%q", math.maxinteger); add("%q", 1.5); add("%q", 0.1)
add("%q", 1.0); add("%q", -0.0); add("%q", 1/0); add("%q", -1/0); add("%q", 0/0); add("%q", 1e300); add("%q", 5e-324)
add("%q", nil); add("%q", true); add("%q", false); add("%q", {}); add("%5q", 1); add("%-q", 1); add("%q")
add("%f", 1.5); add("%.2f", 3.14159); add("%10.3f|%-10.3f|%010.3f", -1.5, -1.5, -1.5); add("%+f % f", 1, 1)
add("%f", 1e300); add("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5); add("%#.0f", 3); add("%.20f", 0.1)
add("%e", 12345.678); add("%E", 0.000123); add("%.0e %#.0e", 5, 5); add("%e", 0); add("%e", 1e-310); add("%.3e", 9.9996)
add("%g", 100000); add("%g", 1000000); add("%g", 1e-4); add("%g", 1e-5); add("%g", 0.1); add("%g", 123456789)
add("%G", 1e-20); add("%#g", 1); add("%#.3g", 1); add("%.0g", 15); add("%.1g", 0.0001234); add("%g", 0)
add("%.14g", 0.1); add("%.14g", 2^53); add("%.17g", 0.1); add("%.3g", 99.95); add("%g", -0.0); add("%+.3g", 1e10)
add("%g %g %g", 1/0, -1/0, 0/0); add("%f %e %G", -(0/0), 1/0, -1/0); add("%5.1f|%-6g|%06f", 1/0, 0/0, -1/0)
add("%a", 1); add("%A", 255.5); add("%.3a", 1/3); add("%a", -0.1); add("%a", 0); add("%a", -0.0); add("%a", 5e-324)
add("%a", 2.2250738585072014e-308); add("%a", 1.7976931348623157e308); add("%.0a %.1a %.1a", 1.5, 1.03125, 1.09375)
add("%#a %#.0a", 2, 2); add("%020a|%-20a|%+a", 1, 1, 1); add("%.20a", 1); add("%.1a", 1.96875); add("%.0a", 5e-324)
add("%a", 1/0); add("%a", 0/0)
add("%5.2f", "x"); add("%f", nil); add("%a", "x"); add("%x", 1.5); add("%x", "x"); add("%c", "x")
add("%10.123d", 1); add("%10.123d", "x"); add("%10.123f", "x"); add("%10.123a", "x"); add("%10.123c", "x")
add("%123d", 1); add("%100f", 1); add("%1.100f", 1); add("%-+ #0d", 1); add("%+x", 1); add("%+x", "x")
add("%#d", 1); add("% u", 1); add("%+u", 1); add("%#c", 1); add("%0c", 1); add("%.5p", 1); add("%05s", "a")
add("%0000000000000000000000000d", 1); add("%-------------------d", 1); add("%--------------------d", 1)
add("%000000000000000000005d", 1); add("%5.2.1f", 1); add("%5..1f", 1); add("%.f", 1.5); add("%5.f|%.d|%.x", 1.5, 0, 0)
add("%", 1); add("%"); add("abc%"); add("%5", 1); add("%y", 1); add("%F", 1); add("%ld", 1); add("%hd", 1)
add("%5%", 1); add("%n", 1); add("%b", 1); add("%\0d", 1); add("%5\0", 1); add("%\200", 1); add("%5.3\200", 1)
add("%p", nil); add("%p", 1); add("%p", 1.5); add("%10p|%-10p", nil, true)
add("%s %s %s %s", 1, 2, 3); add("%d%s%g", 1, "x", 2.5); add("\0%d\0", 1)

io.write("// Generated by tools/gen_format_cases.lua from lua5.4; do not edit by hand.\n")
io.write("use super::Arg;\n\n")
io.write("pub const CASES: &[(&[u8], &[Arg<'static>], &str)] = &[\n")
for _, c in ipairs(cases) do
  local fmt, args = c[1], c[2]
  local ra = {}
  for i = 1, args.n do ra[i] = rustarg(args[i]) end
  io.write(string.format('    (b"%s", &[%s], "%s"),\n', esc(fmt), table.concat(ra, ", "),
    (run(fmt, args):gsub('[\\"]', '\\%0'))))
end
io.write("];\n")
