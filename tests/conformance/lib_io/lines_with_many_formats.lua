local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("1 2 3\n4 5 6\n")
f:close()
for a, b, c in io.lines(name, "n", "n", "n") do print(a, b, c) end
f = assert(io.open(name))
for l, n in f:lines("l", "n") do print(l, n) end
f:close()
print(pcall(function() for x in io.lines(name, "x") do end end))
os.remove(name)
