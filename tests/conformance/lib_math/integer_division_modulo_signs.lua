-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, a in ipairs({7, -7}) do
  for _, b in ipairs({3, -3}) do
    write(a, "//", b, "=", a // b, " ", a, "%", b, "=", a % b, "  ")
  end
end
flush()
for _, a in ipairs({7.5, -7.5}) do
  for _, b in ipairs({2, -2}) do
    write(a, "//", b, "=", a // b, " ", a, "%", b, "=", a % b, "  ")
  end
end
flush()
