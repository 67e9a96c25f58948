local function mr() return 1, 2, 3 end
local function none() end
local a, b, c, d = mr()
print(a, b, c, d)
local x, y = mr(), 10
print(x, y)
print(mr())
print((mr()))
print(mr(), mr())
print(({mr(), mr()})[4], #{mr(), mr()}, #{mr(), (mr())})
print(none())
print((none()))
print(select('#', none()), select('#', (none())))
local t = {mr(), x = 1, mr()}
print(#t)
print(1, none(), 2)
print(mr() + 10)
print(#{none(), none()}, #{1, none()})
local function ret_mr() return mr() end
local function ret_paren() return (mr()) end
print(ret_mr())
print(ret_paren())
