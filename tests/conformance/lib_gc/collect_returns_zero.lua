print(collectgarbage("collect"), collectgarbage())
print(select("#", collectgarbage("collect")))
