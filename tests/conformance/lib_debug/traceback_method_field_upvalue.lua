local obj = {}
function obj:method() return debug.traceback("m", 1) end
local t = {field = function() return obj:method() end}
local function up() return t.field() end
local function caller() local r = up(); return r end
print(caller())
