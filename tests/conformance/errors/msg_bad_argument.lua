print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, "x"))
print(pcall(rawset, 1, 1, 1))
print(pcall(rawlen, true))
print(pcall(rawequal))
print(pcall(ipairs))
print(pcall(next, 1))
print(pcall(select, "x"))
print(pcall(tostring))
print(pcall(tonumber, "z", 99))
print(pcall(error))
print(pcall(collectgarbage, "no such option"))
print(pcall(assert))
local function named() setmetatable(5) end
print(pcall(named))
local t = {}
function t.method() return rawlen() end
print(pcall(t.method))
