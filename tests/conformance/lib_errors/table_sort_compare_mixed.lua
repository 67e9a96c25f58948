table.sort({1, "x", 2})
