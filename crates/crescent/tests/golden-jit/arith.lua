local function add(a, b) return a + b end
print(add(1, 2), add(1.5, 2), add(2^53, 1))
