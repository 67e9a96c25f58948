for p, c in utf8.codes("\xed\xa0\x80", true) do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("\xf4\x90\x80\x80", true) do io.write(p, ":", c, " ") end
print()
print(pcall(function() for p, c in utf8.codes("\xf4\x90\x80\x80") do end end))
