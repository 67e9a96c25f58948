print(1 .. "", 1.0 .. "", -0.0 .. "", 1e100 .. "", 2^63 .. "")
print(0x7fffffffffffffff .. "", math.mininteger .. "")
print(string.format("%.14g", 1e15), 1e15 .. "")
print(12 .. 34, 1.5 .. 2)
