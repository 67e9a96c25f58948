local function bad() local x = nil; return x.y end
local function mid() bad() end
local ok, tb = xpcall(mid, debug.traceback)
print(ok)
print(tb)
