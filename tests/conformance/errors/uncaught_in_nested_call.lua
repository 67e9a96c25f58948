local function a() local x = nil; return x + 1 end
local function b() return a() + 1 end
print(pcall(b))
b()
