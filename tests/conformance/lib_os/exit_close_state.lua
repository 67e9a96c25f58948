local x <close> = setmetatable({}, {__close = function() print("closed on exit") end})
local g = setmetatable({}, {__gc = function() print("finalized on exit") end})
os.exit(0, true)
