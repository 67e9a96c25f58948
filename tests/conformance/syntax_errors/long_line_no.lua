-- comment line 1










local = 5
