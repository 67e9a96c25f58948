local t = {}
print("about to fail")
print(t.x.y)
