local function check()
  local out = {}
  for level = 1, 4 do
    local i = debug.getinfo(level, "Sn")
    if not i then break end
    out[#out + 1] = level .. ":" .. i.what .. ":" .. tostring(i.name)
  end
  return table.concat(out, " ")
end
print(pcall(check))
print(select(2, xpcall(check, print)))
local t = {}
setmetatable(t, {__index = function() return check() end})
print(t.x)
