error("no position information", 0)
