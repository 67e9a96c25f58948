string.sub()
