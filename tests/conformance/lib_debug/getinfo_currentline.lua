local function where() return debug.getinfo(2, "l").currentline end
print(where())
print(
  where()
)
local function self() return debug.getinfo(1, "l").currentline end
print(self())
print(debug.getinfo(print, "l").currentline)
print(debug.getinfo(1, "l").currentline)
