local s
print(s:byte())
