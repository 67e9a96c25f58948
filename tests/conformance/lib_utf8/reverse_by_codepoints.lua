local s = "añ€😀b"
local cps = {utf8.codepoint(s, 1, -1)}
local r = {}
for i = #cps, 1, -1 do r[#r + 1] = utf8.char(cps[i]) end
print(table.concat(r))
print(utf8.len(table.concat(r)) == utf8.len(s))
local pos = {}
for p in utf8.codes(s) do pos[#pos + 1] = p end
print(table.concat(pos, " "))
