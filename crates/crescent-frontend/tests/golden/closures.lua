local a = 1
local function outer(b)
  local c = 3
  return function(d)
    local e = 5
    return function()
      a = a + 1
      return a + b + c + d + e
    end
  end
end
local g = outer(2)(4)
print(g())
local counter = 0
local function inc() counter = counter + 1; return counter end
inc(); inc()
return counter
