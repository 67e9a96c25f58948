-- 5.4.4: randomseed returns the two seed components it used
print(math.randomseed(5))
print(math.randomseed(5, 6))
print(math.randomseed(-1, 0))
print(pcall(math.randomseed, "x"))
print(pcall(math.randomseed, 1.5))
