local weak = setmetatable({}, {__mode = "v"})
local seen
do
  local o = setmetatable({}, {__gc = function(self) seen = weak[1] end})
  weak[1] = o
end
collectgarbage()
print(seen, weak[1])
local wk = setmetatable({}, {__mode = "k"})
local resurrected
do
  local o = setmetatable({}, {__gc = function(self) resurrected = self end})
  wk[o] = "value"
end
collectgarbage()
print(wk[resurrected])
