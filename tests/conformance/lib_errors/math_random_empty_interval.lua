math.random(10, 1)
