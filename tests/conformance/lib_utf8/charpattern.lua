print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
local n = 0
for c in ("héllo €"):gmatch(utf8.charpattern) do n = n + 1 end
print(n)
local out = {}
for c in ("añb"):gmatch(utf8.charpattern) do out[#out + 1] = #c end
print(table.concat(out, ","))
