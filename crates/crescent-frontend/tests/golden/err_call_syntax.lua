f = 1
x.y
