-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
print(type(package.path), type(package.cpath), type(package.searchers), #package.searchers)
print(type(package.loadlib), type(package.searchpath), type(package.preload), type(package.loaded))
for i, s in ipairs(package.searchers) do write(i, ":", type(s), " ") end
flush()
