local function handler(msg) return "handled: " .. tostring(msg) end
print(xpcall(function() error("oops", 0) end, handler))
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 3, 4))
print(xpcall(function() local x = nil; return x.y end, handler))
print(xpcall(error, function(m) return m, "extra" end, "e"))
print(xpcall(function() error({1, 2, 3}) end, function(e) return #e end))
print(pcall(xpcall))
print(pcall(xpcall, print))
local depth = 0
print(xpcall(function() error("inner") end, function(m) depth = depth + 1; return "depth " .. depth end))
