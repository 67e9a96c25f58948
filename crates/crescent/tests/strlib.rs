//! End-to-end tests of the string, utf8 and load libraries through the public API, each
//! also run with the collector stressed (a collection at every safe point): the natives must
//! keep subject, pattern, replacement, reader pieces and `__tostring` results rooted while
//! Lua callbacks run. Expected output produced by lua5.4 (5.4.4).

mod common;
use common::run;

const SCRIPT: &str = r##"local t = {}
for i = 1, 200 do t[i] = "w" .. i .. string.rep("x", i % 50) end
local doc = table.concat(t, " ")
local n = 0
local r, c = doc:gsub("(w)(%d+)(x*)", function(a, b, x) n = n + #x return b:upper() .. ("<" .. #x .. ">") end)
print(#r, c, n, r:sub(1, 40))
local m = 0
for a, b in doc:gmatch("()w(%d+)") do m = m + a + tonumber(b); local junk = {tostring(a) .. b} end
print(m)
print((doc:gsub("%d+", {["1"] = "one", ["22"] = 22, ["3"] = false})):sub(1, 60))
local obj = setmetatable({}, {__tostring = function() return "OBJ" .. string.rep("!", 45) end})
print(string.format("%s|%s|%10.4s|%q|%d", obj, 1.5, "abcdefg", "a\nb", 3.0))
local pieces = {}
for i = 1, 50 do pieces[i] = "x" .. i .. "=" .. i .. ";" end
pieces[#pieces + 1] = "return x1 + x50"
local k = 0
local f = load(function() k = k + 1 return pieces[k] and (pieces[k] .. "") end, "=pieces", "t", {})
print(f())
print(utf8.char(228, 8364, 128512), utf8.len("äö€😀"), utf8.codepoint("äö€😀", 1, -1))
for p, cp in utf8.codes("aé€") do io.write(p, ":", cp, " ") end print()
print(string.unpack("<i4 z s1", string.pack("<i4 z s1", -7, "zero", "len")))
print(load(string.dump(function(a, b) return a .. b, #a end))("ab", "cd"))
print(("abc"):rep(3, ", "), ("x"):byte(-1), string.char(104, 105))
print(pcall(string.rep, "x", 1 << 40))
print("10" + 5, "3" * "4", -"2", "7" // "2", pcall(function() return "a" + 1 end))
"##;

const EXPECTED: &str = r##"1451	200	4900	1<1> 2<2> 3<3> 4<4> 5<5> 6<6> 7<7> 8<8> 
553995
wonex w2xx w3xxx w4xxxx w5xxxxx w6xxxxxx w7xxxxxxx w8xxxxxxx
OBJ!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!|1.5|      abcd|"a\
b"|3
51
ä€😀	4	228	246	8364	128512
1:97 2:233 4:8364 
-7	zero	len	14
abcd	2
abc, abc, abc	120	hi
false	resulting string too large
15	12	-2	3	false	test:25: attempt to add a 'string' with a 'number'
"##;

#[test]
fn string_utf8_load_match_lua54() {
    assert_eq!(run(SCRIPT, false), EXPECTED);
}

#[test]
fn string_utf8_load_under_gc_stress() {
    assert_eq!(run(SCRIPT, true), EXPECTED);
}

/// Strings of zero or one byte come from a pinned per-state cache: they must stay the same
/// (interned) strings across collections, equal to ones built any other way, and work as
/// table keys.
const ONE_BYTE: &str = r##"local t, s = {}, "hello world"
for i = 1, #s do local c = s:sub(i, i); t[c] = (t[c] or 0) + 1 end
collectgarbage(); collectgarbage()
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. v end
table.sort(keys)
print(table.concat(keys, " "))
print(t[string.char(108)], t[("xlx"):sub(2, 2)], t[("l"):rep(1)], ("" == s:sub(5, 4)))
local all = {}
for b = 0, 255 do all[b] = string.char(b) end
collectgarbage()
local ok = true
for b = 0, 255 do
  if all[b] ~= ("" .. string.char(b)) or #all[b] ~= 1 or all[b]:byte() ~= b then ok = false end
end
print(ok, ("a\0b"):sub(2, 2) == "\0", select("#", ("ab"):byte(1, -1)))
"##;

#[test]
fn one_byte_strings_survive_collections() {
    let expected = " =1 d=1 e=1 h=1 l=3 o=2 r=1 w=1\n3\t3\t3\ttrue\ntrue\ttrue\t2\n";
    assert_eq!(run(ONE_BYTE, false), expected);
    assert_eq!(run(ONE_BYTE, true), expected);
}
