print(io.write("a", "b", 1, "\n") == io.stdout)
io.stdout:write("method write\n")
io.write(string.format("%5.2f\n", 3.14159))
print(io.stdout == io.output())
