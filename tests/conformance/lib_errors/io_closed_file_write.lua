local f = io.tmpfile()
f:close()
f:write("x")
