local log = {}
for i = 1, 5 do
  setmetatable({}, {__gc = function() log[#log + 1] = i end})
end
collectgarbage()
print(table.concat(log, " "))
