-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, v in ipairs({0.1, 0.5, 1/3, 2/3, 1e-5, 123456.789, 1e21, 2^-10, 100/3}) do
  write(string.format("%.14g", v), "|", tostring(v), " ")
end
flush()
