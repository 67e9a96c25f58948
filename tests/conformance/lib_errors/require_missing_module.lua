package.path = "./?.lua"
package.cpath = ""
require("no_such_module_here")
