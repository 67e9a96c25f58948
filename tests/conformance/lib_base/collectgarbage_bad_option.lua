print(pcall(collectgarbage, "nope"))
print(pcall(collectgarbage, 42))
print(pcall(collectgarbage, "incremental", "x"))
