local s = "abc"
print(s:sub({}))
