tonumber("10", 99)
