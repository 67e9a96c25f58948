-- warnings start off in lua5.4 (the standalone interpreter)
warn("invisible")
print(select("#", warn("x")))
print("ok")
