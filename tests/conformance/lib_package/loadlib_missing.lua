local f, msg, where = package.loadlib("./no_such_library.so", "luaopen_x")
print(f, where)
print(type(msg))
