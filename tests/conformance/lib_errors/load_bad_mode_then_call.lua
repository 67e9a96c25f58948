local f, err = load("x =", "=src")
print(f, err)
f()
