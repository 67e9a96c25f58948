local out = {}
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do out[#out + 1] = k .. ":" .. v end
print(table.concat(out, " "))
local n = 0
for w in ("one two  three"):gmatch("%a+") do n = n + 1 end
print(n)
local it = ("abc"):gmatch(".")
print(it(), it(), it(), it())
for p in ("abc"):gmatch("()") do io.write(p, " ") end
print()
for a in ("hello"):gmatch("l*") do io.write("[", a, "]") end
print()
