print(io.type(io.stdout), io.type(io.stderr), io.type(io.stdin))
print(io.type(42), io.type(nil), io.type({}), io.type("file"))
print(pcall(io.type))
