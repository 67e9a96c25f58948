-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, n in ipairs({"concat", "insert", "move", "pack", "remove", "sort", "unpack"}) do
  write(n, "=", type(table[n]), " ")
end
flush()
print(table.getn, table.maxn, table.foreach, table.setn)
