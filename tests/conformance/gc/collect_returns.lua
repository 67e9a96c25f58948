print(collectgarbage("collect"))
print(collectgarbage())
print(type(collectgarbage("count")))
