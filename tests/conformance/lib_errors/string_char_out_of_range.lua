string.char(300)
