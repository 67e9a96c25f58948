-- in gmatch a '^' anchor matches only at the start (5.4)
for w in ("aaa"):gmatch("^a") do io.write(w, ";") end
print()
local n = 0
for w in ("hello world"):gmatch("^%a+") do n = n + 1 end
print(n)
