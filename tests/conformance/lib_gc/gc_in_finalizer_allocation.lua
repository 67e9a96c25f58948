local made = 0
do
  setmetatable({}, {__gc = function()
    local t = {}
    for i = 1, 1000 do t[i] = {i} end
    made = #t
  end})
end
collectgarbage()
collectgarbage()
print(made)
