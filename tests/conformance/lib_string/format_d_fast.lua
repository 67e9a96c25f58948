-- string.format("%d", v) and ("%.14g", v) with every kind of number (integral floats, huge
-- floats, NaN and infinities, extremes), numeric strings and invalid arguments, extra arguments.
local vals = { 0, -0.0, 1, -1, 3.0, -7.0, 2^53, 2^63, -2^63, math.maxinteger, math.mininteger, 1.5, -2.25, 1e100, -1e-300, 0/0, -(0/0), 1/0, -1/0, 123456789012345678, 0.1, 1/3, "12", "3.5", "x", true }
for _, v in ipairs(vals) do
  for _, f in ipairs({ "%d", "%.14g" }) do
    local ok, r = pcall(string.format, f, v)
    print(f, tostring(v), ok, r)
  end
end
print(pcall(string.format, "%d"))
print(pcall(string.format, "%.14g"))
print(string.format("%d", 5, "extra"), string.format("%.14g", 2, nil))
print(select('#', string.format("%d", 1)))
