local names = {"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod",
  "log", "max", "min", "modf", "rad", "random", "randomseed", "sin", "sqrt", "tan",
  "tointeger", "type", "ult"}
for _, n in ipairs(names) do io.write(n, ":", type(math[n]), " ") end
print()
