local t = ...
for k in pairs(t) do print(k) end
for k, v in pairs(t) do print(k, v) end
for i, v in ipairs(t) do print(i, v) end
for a, b, c, d in next, t, nil do print(a, b, c, d) end
for k, v in t:iter() do if v then break end end
for _, v in ipairs(t) do
  local g = function() return v end
  t[#t + 1] = g
end
