local t = setmetatable({}, {__gc = function() print("finalized at exit") end})
print("end of script")
