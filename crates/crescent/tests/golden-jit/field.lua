local function norm(p) return p.x * p.x + p.y * p.y end
print(norm({x = 3, y = 4}))
