print(io.type(io.stdin), io.type(io.stdout), io.type(io.stderr))
io.stderr:write("")
print(pcall(io.stdout.close, io.stdout) )
print(io.type(io.stdout))
