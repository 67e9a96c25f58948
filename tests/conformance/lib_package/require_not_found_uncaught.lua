package.path = "./pkgmods/?.lua"
package.cpath = ""
require("definitely_missing_module")
