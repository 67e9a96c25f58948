math.randomseed(99)
print(math.random(math.maxinteger), math.random(0, math.maxinteger))
print(math.random(math.mininteger, -1))
print(math.random(1 << 40), math.random(-1000, 1000))
