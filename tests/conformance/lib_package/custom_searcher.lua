table.insert(package.searchers, 2, function(name)
  if name:match("^gen%.") then
    return function(n, extra) return {generated = n, extra = extra} end, "extra-data"
  end
  return "no generator for '" .. name .. "'"
end)
local m = require("gen.thing")
print(m.generated, m.extra)
package.path = "./pkgmods/?.lua"
package.cpath = ""
local ok, e = pcall(require, "nothing")
print(e)
