debug.setmetatable(print, {__index = {describe = function() return "a function" end}})
print(print.describe(), (function() end).describe())
debug.setmetatable(print, nil)
print(pcall(function() return print.describe end))
