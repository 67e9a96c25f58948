print(select('#'), select('#', nil), select('#', nil, nil), select('#', 1, nil, 3, nil))
local function n(...) return select('#', ...) end
print(n(), n(nil), n(n()), n(n(), n()), n((n())))
print(select('#', ...))
print(select("#", 1, 2))
