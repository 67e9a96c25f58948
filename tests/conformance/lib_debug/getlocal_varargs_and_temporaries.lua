local function f(...)
  local x = 1
  print(debug.getlocal(1, -1))
  print(debug.getlocal(1, -2))
  print(debug.getlocal(1, -3))
  print(debug.getlocal(1, 1))
end
f("va1", "va2")
