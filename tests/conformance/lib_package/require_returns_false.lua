package.path = "./pkgmods/?.lua"
print(require("returns_false"))
print(package.loaded.returns_false, FALSE_LOADS)
print(require("returns_false"))
print(FALSE_LOADS)
