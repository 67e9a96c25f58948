local function named() return debug.getinfo(1, "n") end
local i = named()
print(i.name, i.namewhat)
gfunc = function() return debug.getinfo(1, "n") end
i = gfunc()
print(i.name, i.namewhat)
local t = {fld = function() return debug.getinfo(1, "n") end}
i = t.fld()
print(i.name, i.namewhat)
function t:meth() return debug.getinfo(1, "n") end
i = t:meth()
print(i.name, i.namewhat)
local up = named
local function viaup() return up() end
i = viaup()
print(i.name, i.namewhat)
i = debug.getinfo(1, "n")
print(i.name, i.namewhat)
local mt = setmetatable({}, {__index = function() return debug.getinfo(1, "n") end})
i = mt.x
print(i.name, i.namewhat)
local add = setmetatable({}, {__add = function() return debug.getinfo(1, "n") end})
i = add + 1
print(i.name, i.namewhat)
for _, v in pcall, function() return debug.getinfo(1, "n") end do i = v; break end
print(i.name, i.namewhat)
