-- hostile: 1e6 nested table constructors in source, and a 1e6-deep table built at run time (the collector marks it without recursing)
-- exit: 0
-- oracle: same
local N = 1000000
local f, e = load("return " .. ("{"):rep(N) .. ("}"):rep(N))
print(f, (e:match("^[^\n]*"))) -- first line: see nested_parens.lua
print(#load("return " .. ("{"):rep(150) .. ("}"):rep(150))())
local t = {}
for i = 1, N do t = {t} end
collectgarbage()
local depth = 0
while t[1] do t = t[1] depth = depth + 1 end
print(depth)
-- deep chain of closures over closures
local f = function() return 0 end
for i = 1, 100000 do local g = f f = function() return g() end end
collectgarbage()
print(pcall(f))
