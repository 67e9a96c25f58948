table.sort({3, 1, 2}, "not a function")
