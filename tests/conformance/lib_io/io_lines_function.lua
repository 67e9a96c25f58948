local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("1 2\n3 4\n")
f:close()
local n = 0
for l in io.lines(name) do n = n + 1 end
print(n)
local sum = 0
for a, b in io.lines(name, "n", "n") do sum = sum + a + b end
print(sum)
for c in io.lines(name, 3) do io.write("<", (c:gsub("\n", "|")), ">") end
print()
os.remove(name)
local ok, e = pcall(io.lines, name)
print(ok, e:sub(-25))
