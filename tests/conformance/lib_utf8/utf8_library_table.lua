for _, n in ipairs({"char", "charpattern", "codes", "codepoint", "len", "offset"}) do
  io.write(n, ":", type(utf8[n]), " ")
end
print()
print(pcall(utf8.len))
print(pcall(utf8.codes))
print(pcall(utf8.offset, "a"))
print(pcall(utf8.codepoint, 1))
print(utf8.len(123), utf8.codepoint(7))
