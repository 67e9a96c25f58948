-- PUC's '#' on tables with holes, where the border is taken from the constructor's size
print(#{1, 2, nil, 4})
print(#{nil, nil, 3})
print(#{1, nil})
print(#{1, 2, 3, nil, nil})
print(#{nil})
local t = {10, 20, 30, 40, 50}
t[5] = nil
print(#t)
t[3] = nil
print(#t == 2 or #t == 4)
