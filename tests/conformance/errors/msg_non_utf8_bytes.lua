-- Error messages carry the source's bytes as they are (not UTF-8 text): a token quoted in a
-- syntax error, a chunk name, and an error value raised with bytes >= 0x80.
local function show(s)
  return (string.gsub(s, "[\128-\255]", function(c) return string.format("<%d>", c:byte()) end))
end
print(show(select(2, load('x = 1 "\xff\xfe"'))))
print(show(select(2, load("x = 1 \xff"))))
print(show(select(2, load("x = ", "=\xe9t\xe9"))))
print(show(select(2, load("local \xc3\xa9 = 1", "@caf\xc3\xa9.lua"))))
print(show(select(2, pcall(error, "\xff\x80 raw"))))
error("bytes \xff\xfe at top level")
