package.path = "./pkgmods/?.lua"
local m, where = require("alpha")
print(type(m), where)
print(select("#", require("alpha")))
print(require("alpha") == package.loaded.alpha)
