print("start")
string.rep("x", "many")
