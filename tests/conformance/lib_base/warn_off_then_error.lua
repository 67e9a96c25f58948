warn("@off")
warn("silent")
error("only the error is on stderr", 0)
