print(dofile("fixtures/shebang.lua"))
