package.path = "./pkgmods/?.lua"
local ok = true
local b, where = require("sub.beta")
print(where, b.path == where)
