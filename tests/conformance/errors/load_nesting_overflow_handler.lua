-- A chunk nested too deeply makes the parser raise "C stack overflow" as a runtime error
-- inside load; PUC's protected parser keeps the running message handler, so the message load
-- returns carries lua.c's traceback. Under pcall/xpcall the caller's handler applies.
print(load(string.rep("(", 1e6)))
print(pcall(load, string.rep("{", 1e6)))
print(xpcall(load, function(m) return "handled: " .. m end, string.rep("(", 1e6)))
print(select("#", load(string.rep("(", 1e6))))
