-- a position is prepended only to string messages
print(pcall(function() error(123) end))
print(pcall(function() error(123, 1) end))
print(pcall(function() error("s", 1) end))
print(pcall(function() error(12.5, 2) end))
