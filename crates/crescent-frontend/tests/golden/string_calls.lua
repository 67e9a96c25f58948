print "hello"
print [[long]]
f { 1, 2 }
obj:m "x"
obj:m { y = 1 }
require "mod".f()
local s = tostring(1):rep(2)
