for p, c in utf8.codes("aé€😀") do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("") do print("never") end
print("empty ok")
local n = 0
for _ in utf8.codes(("x"):rep(100)) do n = n + 1 end
print(n)
