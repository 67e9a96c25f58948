local r <close> = setmetatable({}, {__close = function(_, err) print("closing with a", type(err)) end})
print("before")
error("top-level failure")
