package.path = "./pkgmods/?.lua"
local b, extra = require("sub.beta")
print(b.name, b.path, b.kind)
print(extra)
print(package.loaded["sub.beta"] == b)
