print(math.sqrt("16"), math.abs("-3"), math.max("1", "2"), math.floor("2.7"))
print(math.type(math.abs("-3")), math.type(math.abs("-3.0")))
print(math.fmod("7", "3"), math.tointeger(" 5 ") == nil or math.tointeger(" 5 "))
print(pcall(math.sqrt, "four"))
