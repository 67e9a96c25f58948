local ok, tb = xpcall(function() error("deep") end, debug.traceback)
print(ok, type(tb))
print((tb:match("^[^\n]*")))
print(tb:find("stack traceback:", 1, true) ~= nil)
