do
  goto a
  local x = 1
  ::a::
end
for i = 1, 2 do
  goto c
  local y = 2
  ::c::
end
do goto b; ::b:: ; ; end
