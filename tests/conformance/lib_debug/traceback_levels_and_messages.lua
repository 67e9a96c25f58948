local function f()
  print(debug.traceback())
  print(debug.traceback("with level 2", 2))
  print(debug.traceback(nil))
  print(debug.traceback(42))
  print(debug.traceback({}) ~= nil, type(debug.traceback({})))
end
f()
