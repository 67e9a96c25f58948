local function handler(m) return "handled: " .. tostring(m) end
print(xpcall(function() error("oops") end, handler))
print(xpcall(function() error("oops", 0) end, handler))
print(xpcall(function() return 1, 2, 3 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 10, 20))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(function() local x = nil; return x.y end, handler))
print(xpcall(error, function(m) return m end, "direct", 0))
-- handler returning several values: only the first is kept
print(xpcall(function() error("z") end, function(m) return 1, 2, 3 end))
print(pcall(xpcall))
print(pcall(xpcall, print))
