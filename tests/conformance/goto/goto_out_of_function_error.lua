::outside::
local function f()
  goto outside
end
