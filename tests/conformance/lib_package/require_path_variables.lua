-- ';;' in LUA_PATH is not consulted here: package.path is set directly
package.path = "pkgmods/?.lua"
print(package.searchpath("alpha", package.path))
print(require("alpha").name)
