package.preload.virtual = function(name, extra)
  print("preload called", name, extra)
  return {answer = 42}
end
local v, extra = require("virtual")
print(v.answer, extra)
print(require("virtual") == v)
package.preload["a.b"] = function(...) return select("#", ...) end
print(require("a.b"))
