print(pcall(function() local n = 5; return n.x end))
print(pcall(function() local b = true; return b.x end))
print(pcall(function() local f = print; f.x = 1 end))
print(pcall(function() local t = {} return t.a.b end))
