local function l1()
  local function l2()
    local function l3()
      local function l4()
        return 4
      end
      return l4, 3
    end
    return l3, 2
  end
  return l2, 1
end
local m = {}
function m.a.b.c() end
function m.a.b:c() return self end
return l1
