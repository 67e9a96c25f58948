local function iter(t) return function(_, i) i = i + 1; if t[i] then return i, t[i] end end, nil, 0, nil end
for i, v in iter({"a", "b"}) do print(i, v) end
local function bad() return function() return nil end, nil, nil, 42 end
print(pcall(function() for x in bad() do end end))
for i, v in next, {"only"} do print(i, v) end
