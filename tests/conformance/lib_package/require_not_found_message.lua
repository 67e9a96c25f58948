package.path = "./pkgmods/?.lua;./?.lua"
package.cpath = "./?.so"
local ok, e = pcall(require, "nosuch")
print(ok)
print(e)
local ok2, e2 = pcall(require, "no.such.mod")
print(e2)
