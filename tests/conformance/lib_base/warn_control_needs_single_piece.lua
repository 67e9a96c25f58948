warn("@on")
warn("@on", "x")
warn("@off", "")
error("end", 0)
