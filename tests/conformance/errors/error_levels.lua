local function lvl1() error("level one") end
local function lvl2() error("level two", 2) end
local function lvl0() error("level zero", 0) end
local function caller()
  lvl2()
end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
local function lvl3() error("level three", 3) end
local function mid() lvl3() end
local function top()
  mid()
end
print(pcall(top))
print(pcall(error, "direct", 1))
print(pcall(error, "direct2", 2))
print(pcall(error, {}, 1) == false)
