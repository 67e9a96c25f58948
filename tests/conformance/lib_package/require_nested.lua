package.path = "./pkgmods/?.lua"
local u = require("uses_other")
print(u.via, package.loaded.alpha ~= nil)
