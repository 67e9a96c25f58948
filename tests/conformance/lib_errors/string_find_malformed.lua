string.find("abc", "[a")
