package.path = "./pkgmods/?.lua"
package.preload.alpha = function() return "preloaded alpha" end
print(require("alpha"))
