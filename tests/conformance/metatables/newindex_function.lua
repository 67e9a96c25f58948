local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(tbl, k, v and v * 2)
end})
t.a = 1
t.a = 5
t[1] = 10
t.b = nil
print(t.a, t[1], #log)
for i = 1, #log do print(log[i]) end
local ro = setmetatable({}, {__newindex = function(_, k) error("read-only field " .. k, 2) end})
print(pcall(function() ro.x = 1 end))
