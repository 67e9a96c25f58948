local function thrower(msg) error(msg, 0) end
local ok, e = pcall(function()
  local ok2, e2 = pcall(thrower, "inner")
  print("inner result", ok2, e2)
  thrower("outer")
end)
print(ok, e)
local r = {pcall(function() return pcall(function() return pcall(error, "deep", 0) end) end)}
print(#r, r[1], r[2], r[3], r[4])
local function rethrow()
  local ok, err = pcall(error, {tag = "obj"})
  error(err)
end
local ok3, obj = pcall(rethrow)
print(ok3, obj.tag)
