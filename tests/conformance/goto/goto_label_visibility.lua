do
  do goto l1 end
  print("skipped")
  ::l1::
  print("reached l1")
end
local function f()
  ::same::
  return "labels are per function"
end
::same::
print(f())
do ::x:: end
do ::x:: end
print("same label in sibling blocks")
