local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("a\nbb\n\nccc\n")
f:close()
f = assert(io.open(name))
for l in f:lines() do io.write("[", l, "]") end
print()
print(io.type(f))
f:close()
f = assert(io.open(name))
for l in f:lines("L") do io.write((l:gsub("\n", "\\n"))) end
print()
f:close()
f = assert(io.open(name))
for a, b in f:lines(1, 1) do io.write(a, "+", b, " ") end
print()
f:close()
os.remove(name)
