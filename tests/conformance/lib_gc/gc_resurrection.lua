local saved
do
  local o = setmetatable({name = "phoenix"}, {__gc = function(self) saved = self end})
end
collectgarbage()
print(saved and saved.name)
local again = 0
setmetatable(saved, {__gc = function() again = again + 1 end})
saved = nil
collectgarbage()
print(again)
