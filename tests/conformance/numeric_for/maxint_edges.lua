local maxint = 9223372036854775807
local minint = -9223372036854775807 - 1
for i = maxint - 2, maxint do print(i) end
for i = minint + 2, minint, -1 do print(i) end
for i = maxint - 1, 1e309 do print("huge limit", i) end
for i = minint + 1, -1e309, -1 do print("huge negative limit", i) end
local c = 0
for i = 1, maxint, maxint // 2 do c = c + 1 end
print("steps", c)
c = 0
for i = -1, minint, minint do c = c + 1 end
print("negative big steps", c)
for i = 1, 10, maxint do print("one step", i) end
for i = maxint, maxint - 1 do print("never") end
for i = 0, maxint + 0.0, 2^62 do print("float limit", i) end
