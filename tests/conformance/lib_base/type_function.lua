print(type(nil), type(1), type("s"), type({}), type(print), type(type), type(true))
print(type(coroutine.create(print)), type(io.stdout))
print(pcall(type))
print(type(type(nil)))
