local x <const> = {}
function f() x = 1 end
