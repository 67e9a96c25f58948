io.open("whatever", "z")
