print(pcall(function() for p, c in utf8.codes("ab\xff") do io.write(p, " ") end end))
print(pcall(function() for p, c in utf8.codes("a\xe2\x82") do end end))
print(pcall(function() for p, c in utf8.codes("\xed\xa0\x80") do end end))
print(pcall(function() for p, c in utf8.codes("\xc0\x80") do end end))
