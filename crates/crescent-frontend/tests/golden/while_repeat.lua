local i = 0
while i < 10 do i = i + 1 end
while true do
  i = i - 1
  if i == 0 then break end
end
repeat i = i + 1 until i >= 5
repeat
  local x = i
  local f = function() return x end
  i = i + f()
until x > 100
repeat local y = i until y
return i
