string.pack("i1", 200)
