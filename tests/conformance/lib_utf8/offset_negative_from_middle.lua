local s = "a€b😀c"
print(utf8.offset(s, -1, 5), utf8.offset(s, -2, 6), utf8.offset(s, 1, 5))
print(utf8.offset(s, 0, 4), utf8.offset(s, 0, 10), utf8.offset(s, 3, 2))
print(utf8.offset(s, -10), utf8.offset(s, 10))
print(utf8.offset(s, 0, #s + 1))
print(pcall(utf8.offset, s, 0, #s + 2))
