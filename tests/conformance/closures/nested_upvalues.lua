local function level1()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function()
        a = a + 1
        b = b + 10
        c = c + 100
        return a, b, c
      end
    end
  end
end
local f = level1()()()
print(f())
print(f())
local x = 0
local function outer()
  local function middle()
    local function inner() x = x + 1 end
    inner(); inner()
  end
  middle()
end
outer()
print(x)
