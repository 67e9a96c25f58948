print(1 < 2, 2 < 1, 1 <= 1, 1 > 0, 1 >= 2)
print(1 == 1, 1 ~= 1, "a" == "a", "a" ~= "b")
print(nil == false, nil == nil, false == false, 0 == false, "" == false)
print(1 == "1", "1" == 1, 0 == "0")
local t, u = {}, {}
print(t == t, t == u, t ~= u)
local f = function() end
print(f == f, print == print, f == print)
print(1 < 2 == true, (1 < 2) == (2 < 3))
print(-1 < 0, -0.0 == 0.0, 0.0 == -0, 1/0 > 1e308, -1/0 < -1e308)
