print("runs? no, compile error first")
local a = 1
local b = a +* 2
