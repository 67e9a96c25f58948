local log = ""
for i = 1, 3 do
  setmetatable({}, {__gc = function() log = log .. i end})
end
collectgarbage("collect")
print(log)
local resurrected
do
  setmetatable({name = "phoenix"}, {__gc = function(o) resurrected = o end})
end
collectgarbage("collect")
print(resurrected and resurrected.name)
