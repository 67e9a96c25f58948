print("returning values from the main chunk is allowed")
return 1, 2, 3
