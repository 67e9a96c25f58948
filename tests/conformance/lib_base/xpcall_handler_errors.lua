-- error inside the handler
print(xpcall(function() error("first") end, function(m) error("in handler") end))
-- a non-callable handler
print(pcall(xpcall, function() error("first") end, 42))
print(pcall(xpcall, function() return "fine" end, 42))
-- handler sees the error value unchanged
print(xpcall(function() error(setmetatable({}, {__tostring = function() return "T" end})) end,
  function(m) return tostring(m) end))
