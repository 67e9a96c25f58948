-- os.time(os.date("*t", x)) == x for any local timezone
for _, x in ipairs({0, 1000000000, 1700000000, 1234567890}) do
  print(os.time(os.date("*t", x)) == x)
end
local t = os.date("*t", 1700000000)
t.day = t.day + 40
local n = os.time(t)
print(os.date("*t", n).month ~= nil, t.month)
