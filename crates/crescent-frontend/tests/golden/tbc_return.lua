local function f()
  local x <close> = g()
  return h()
end
local function k()
  local y <close> = g()
  do return 1, 2 end
end
local function m()
  for i = 1, 2 do
    local z <close> = g()
    if i then return i end
  end
end
return f, k, m
