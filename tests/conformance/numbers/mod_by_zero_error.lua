local function m(a, b) return a % b end
print(m(5, 3))
print(m(5, 0))
