print(package.loaded.string == string, package.loaded.table == table, package.loaded.math == math)
print(package.loaded._G == _G, package.loaded.io == io, package.loaded.os == os)
print(package.loaded.coroutine == coroutine, package.loaded.utf8 == utf8, package.loaded.debug == debug)
print(package.loaded.package == package)
package.loaded.fake = "pre-set"
print(require("fake"))
print(require("string") == string)
