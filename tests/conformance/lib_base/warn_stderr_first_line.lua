-- the case fails on purpose so that the runner compares the first stderr line: the warning
warn("@on")
warn("first ", "warning ", "in pieces")
warn("second")
print("printed before the error")
error("finish", 0)
