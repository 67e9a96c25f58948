local calls = 0
local t = setmetatable({present = "raw"}, {__index = function(tbl, key)
  calls = calls + 1
  return "computed " .. tostring(key)
end})
print(t.present, t.absent, t[1], t[true])
print(calls)
local self_check = setmetatable({}, {__index = function(tbl, k) return tbl end})
print(rawequal(self_check.anything, self_check))
local multi = setmetatable({}, {__index = function() return 1, 2, 3 end})
print(multi.x)
local nilidx = setmetatable({}, {__index = function() end})
print(nilidx.x)
