print(math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type({}))
print(math.type(2^31), math.type(1 // 1), math.type(1 / 1), math.type(3 % 2.0))
print(pcall(math.type))
