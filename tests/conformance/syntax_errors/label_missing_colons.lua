::lbl:
print(1)
