-- f's first upvalue is the main chunk's _ENV itself: replacing its value affects both
local P, G, D = print, _G, debug
local function f() return print ~= nil, x end
local name = debug.getupvalue(f, 1)
P(name)
D.setupvalue(f, 1, {x = "sandboxed"})
P(f())
P(x, print)
D.setupvalue(f, 1, G)
print(f())
