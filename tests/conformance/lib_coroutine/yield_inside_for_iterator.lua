local function iter()
  return function(_, i)
    i = i + 1
    if i <= 3 then coroutine.yield("iter " .. i); return i end
  end, nil, 0
end
local co = coroutine.wrap(function()
  local s = 0
  for i in iter() do s = s + i end
  return "sum " .. s
end)
for _ = 1, 4 do print(co()) end
