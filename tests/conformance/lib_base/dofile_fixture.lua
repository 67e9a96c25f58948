print(dofile("fixtures/chunk.lua"))
print(dofile("fixtures/returns_many.lua"))
print(pcall(dofile, "fixtures/raises.lua"))
print(pcall(dofile, "fixtures/missing.lua"))
