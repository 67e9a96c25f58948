-- output is buffered with tostring and printed by flush(), so that this case needs no io
local buf = ""
local function write(...) for i = 1, select("#", ...) do buf = buf .. tostring((select(i, ...))) end end
local function flush() print(buf); buf = "" end
for _, v in ipairs({1e14, 1e15, 123456789012345678, 0.1 + 0.2, 1e-7, 5e-324, 1.7976931348623157e308, 2^24, -2^31}) do
  write(tostring(v), " ")
end
flush()
print(255 // 1, 0xff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x1p10)
print(1e2, 1E2, .5, 5., 3e0, 0x.1)
