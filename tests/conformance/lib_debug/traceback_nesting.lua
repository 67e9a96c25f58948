local function level3() return debug.traceback("msg here") end
local function level2() return level3() .. "" end
function global_level1() local r = level2(); return r end
print(global_level1())
