package.path = "./pkgmods/?.lua"
print(pcall(require, "raises"))
print(package.loaded.raises)
local ok, e = pcall(require, "bad_syntax")
print(ok)
print(e)
print(pcall(require))
print(pcall(require, {}))
