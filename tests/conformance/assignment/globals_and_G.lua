x = 1
print(x, _G.x, _G["x"])
_G.y = 2
print(y)
x, y = y, x
print(x, y)
z = nil
print(z, rawget(_G, "z"))
local x = "local"
print(x, _G.x)
_G["name with spaces"] = 5
print(_G["name with spaces"])
local count = 0
for k, v in pairs({a = 1}) do count = count + 1 end
print(count, undefined_global)
