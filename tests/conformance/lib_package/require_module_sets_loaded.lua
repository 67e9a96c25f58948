package.path = "./pkgmods/?.lua"
print(require("sets_loaded"))
print(package.loaded.sets_loaded)
