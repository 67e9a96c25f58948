debug.getlocal(100, 1)
