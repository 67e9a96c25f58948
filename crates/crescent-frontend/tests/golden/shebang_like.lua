local t = {}
t[#t+1] = 1
t[#t] = nil
return #t
