package.path = "./pkgmods/?.lua"
print(require("returns_nothing"))
print(package.loaded.returns_nothing, NOTHING_RAN)
