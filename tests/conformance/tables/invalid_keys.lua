local t = {}
print(t[nil], t[0/0])
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(pcall(function() return {[nil] = 1} end))
print(pcall(function() return {[0/0] = 1} end))
print(pcall(rawset, t, nil, 1))
print(rawget(t, nil))
t[nil] = 2
