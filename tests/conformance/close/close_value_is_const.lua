local closed
do
  local r <close> = setmetatable({}, {__close = function(self) closed = self end})
  local saved = r
  print(closed == nil)
  _G.saved = saved
end
print(closed == _G.saved)
