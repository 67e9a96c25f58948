for _, v in ipairs({0.1, 0.5, 1/3, 2/3, 1e-5, 123456.789, 1e21, 2^-10, 100/3}) do
  io.write(string.format("%.14g", v), "|", tostring(v), " ")
end
print()
