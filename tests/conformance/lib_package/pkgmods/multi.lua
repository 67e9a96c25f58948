return "first", "second"
