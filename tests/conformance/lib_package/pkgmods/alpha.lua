-- module used by the lib_package cases
local name, path = ...
print("loading alpha", name, path)
local M = {name = "alpha", loads = (ALPHA_LOADS or 0) + 1}
ALPHA_LOADS = M.loads
function M.greet(who) return "hello " .. who end
return M
