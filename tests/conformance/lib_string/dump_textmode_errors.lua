print(load("\27not really binary", "x", "t"))
print(load("\27not really binary", "x", "b"))
print(load("\27Lua", "=trunc"))
