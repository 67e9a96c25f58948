-- a label at the end of a block may follow local declarations
do
  goto finish
  local a = 1
  print(a)
  ::finish::
end
for i = 1, 3 do
  local v = i
  if v == 2 then goto cont end
  print(v)
  ::cont::
end
print("ok")
