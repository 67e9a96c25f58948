package.path = "./pkgmods/?.lua"
print(require("multi"))
print(package.loaded.multi)
