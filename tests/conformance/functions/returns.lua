local function none() return end
local function one() return 1 end
local function many() return 1, "two", 3.0, nil end
print(select('#', none()), select('#', one()), select('#', many()))
print(many())
local function early(x)
  if x then return "early" end
  do return "block return" end
end
print(early(true), early(false))
local function noreturn() local x = 1 end
print(noreturn(), select('#', noreturn()))
