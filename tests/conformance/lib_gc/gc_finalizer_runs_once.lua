local count = 0
local keep
do
  local o = setmetatable({}, {__gc = function(self) count = count + 1; keep = self end})
end
collectgarbage()
keep = nil
collectgarbage()
collectgarbage()
print(count)
