local cps = {}
for i = 0x3b1, 0x3c9 do cps[#cps + 1] = i end
local s = utf8.char(table.unpack(cps))
print(s, #s, utf8.len(s))
print(utf8.char(0, 1, 127):byte(1, -1))
