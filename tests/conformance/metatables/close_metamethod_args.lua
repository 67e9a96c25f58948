local got
do
  local x <close> = setmetatable({}, {__close = function(...) got = select('#', ...) end})
end
print(got)
print(pcall(function()
  local y <close> = setmetatable({}, {__close = function(o, e) print("err arg:", e) end})
  error(setmetatable({}, {__tostring = function() return "tostring'd error" end}))
end) == false)
