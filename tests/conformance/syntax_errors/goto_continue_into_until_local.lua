repeat
  goto cont
  local x = 1
  ::cont::
until x
