-- hostile: string.rep, table.concat and string.format asked for petabytes: "resulting string too large", or "not enough memory" under the limit
-- exit: 0
-- flags: --memory-limit=256M
-- oracle: same
print(pcall(string.rep, "x", 1 << 50))
print(pcall(string.rep, "abc", math.maxinteger))
print(pcall(string.rep, "x", 1 << 40, ","))
print(pcall(string.rep, "ab", 2^31))
print(pcall(string.rep, "x", math.mininteger))
print(#string.rep("", 10000000), #string.rep("x", 0), #string.rep("x", -5))
local t = {}
for i = 1, 64 do t[i] = ("y"):rep(1 << 20) end
print(pcall(table.concat, t, ("z"):rep(1 << 20), 1, 64) == true)
print(pcall(table.concat, {}, "x", 1, math.maxinteger))
print(#string.format("%s%s", ("x"):rep(1 << 20), ("y"):rep(1 << 20)))
