local base = {greet = "hello", level = "base"}
local mid = setmetatable({level = "mid"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.greet, top.level, top.missing)
print(rawget(top, "greet"), rawget(mid, "level"))
top.level = "top"
print(top.level, mid.level)
base.late = "added later"
print(top.late)
