local t = os.date("!*t", 1700000000)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
local u = os.date("!*t", 0)
print(u.year, u.month, u.day, u.hour, u.min, u.sec, u.wday, u.yday, u.isdst)
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
local l = os.date("*t", 1700000000)
print(type(l.year), type(l.isdst))
