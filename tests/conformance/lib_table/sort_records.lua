-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
local people = {
  {name = "ann", age = 30}, {name = "bob", age = 25}, {name = "cid", age = 35},
  {name = "dee", age = 20}, {name = "eve", age = 28},
}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do write(p.name, " ") end
flush()
table.sort(people, function(a, b) return a.name > b.name end)
for _, p in ipairs(people) do write(p.name, " ") end
flush()
