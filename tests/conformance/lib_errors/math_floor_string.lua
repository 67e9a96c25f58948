print(math.floor("abc"))
