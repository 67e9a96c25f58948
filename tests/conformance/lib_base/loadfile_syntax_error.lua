print(loadfile("fixtures/bad_syntax.lua"))
print(pcall(dofile, "fixtures/bad_syntax.lua"))
