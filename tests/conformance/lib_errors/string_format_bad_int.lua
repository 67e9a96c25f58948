print(string.format("%d", 1.5))
