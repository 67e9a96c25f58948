-- hostile: runaway recursion re-entering through library functions (gsub callbacks, sort comparators, load readers, __pairs, tostring): bounded by "C stack overflow"
-- exit: 0
-- oracle: same
local function viagsub(n) return (("x"):gsub("x", function() return viagsub(n + 1) end)) end
print(pcall(viagsub, 1))
local function viasort(n) table.sort({3, 2, 1}, function(a, b) viasort(n + 1) return a < b end) end
print(pcall(viasort, 1))
local function viaload(n) return load(function() return viaload(n + 1) end) end
print(pcall(viaload, 1))
local pp
pp = setmetatable({}, {__pairs = function(t) for k in pairs(pp) do end end})
print(pcall(function() for k in pairs(pp) do end end))
local t
t = setmetatable({}, {__index = function(t, k) return string.format("%s", t) end, __tostring = function(t) return t.x end})
print(pcall(tostring, t))
local function viaxpcall(n) return xpcall(viaxpcall, print, n + 1) end
print(pcall(viaxpcall, 1))
local function viadofile(n) return select(2, pcall(string.gsub, "a", "a", function() return viadofile(n + 1) end)) end
print(pcall(viadofile, 1))
local co = coroutine.wrap(function() local function r() coroutine.yield(1) return r() end return r() end)
for i = 1, 10 do co() end
print("yield loop ok")
