local x
local y
local z x
