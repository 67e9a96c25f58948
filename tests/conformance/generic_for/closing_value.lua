local log = ""
local function closer(name)
  return setmetatable({}, {__close = function(_, err) log = log .. "[close " .. name .. " err=" .. tostring(err) .. "]" end})
end
local function iter(n, name)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end, nil, nil, closer(name)
end
for i in iter(3, "normal") do log = log .. i end
print(log)
log = ""
for i in iter(10, "break") do log = log .. i; if i == 2 then break end end
print(log)
log = ""
local function ret() for i in iter(10, "return") do if i == 3 then return "ret" .. i end end end
print(ret(), log)
log = ""
print(pcall(function() for i in iter(10, "error") do if i == 2 then error("boom", 0) end end end))
print(log)
log = ""
local function g() for i in iter(10, "goto") do if i == 1 then goto out end end ::out:: log = log .. "after" end
g()
print(log)
