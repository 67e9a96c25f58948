package.path = "./pkgmods/?.lua;" .. package.path
local a = require("alpha")
print(a.name, a.greet("world"))
local again = require("alpha")
print(again == a, a.loads)
print(package.loaded.alpha == a)
