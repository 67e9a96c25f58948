select(-5, 1, 2)
