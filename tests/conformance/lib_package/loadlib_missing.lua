-- Crescent cannot load C libraries: it answers as a Lua built without dlopen ("absent"),
-- where lua5.4 with dlopen answers "open" for a missing file. Both fail with a message.
local f, msg, where = package.loadlib("./no_such_library.so", "luaopen_x")
print(f, where == "open" or where == "absent")
print(type(msg))
