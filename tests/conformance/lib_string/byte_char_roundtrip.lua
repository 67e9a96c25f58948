local s = "The quick brown fox \0\1\255"
print(string.char(s:byte(1, -1)) == s)
local codes = {s:byte(1, -1)}
print(#codes, codes[#codes])
print(("%d"):rep(3, " "):format(("abc"):byte(1, 3)))
