for p, c in utf8.codes("a\0b") do io.write(p, ":", c, " ") end
print()
print(utf8.len("\0\0\0"), utf8.codepoint("\0"))
