for _, a in ipairs({7, -7}) do
  for _, b in ipairs({3, -3}) do
    io.write(a, "//", b, "=", a // b, " ", a, "%", b, "=", a % b, "  ")
  end
end
print()
for _, a in ipairs({7.5, -7.5}) do
  for _, b in ipairs({2, -2}) do
    io.write(a, "//", b, "=", a // b, " ", a, "%", b, "=", a % b, "  ")
  end
end
print()
