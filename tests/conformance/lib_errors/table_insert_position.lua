table.insert({}, 5, "x")
