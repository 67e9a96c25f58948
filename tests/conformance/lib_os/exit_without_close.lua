local x <close> = setmetatable({}, {__close = function() print("never closed") end})
print("exit without closing")
os.exit(5)
