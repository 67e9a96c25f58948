local function bind(f, ...)
  local n = select('#', ...)
  local a, b, c = ...
  return function(...) 
    if n == 0 then return f(...) end
    if n == 1 then return f(a, ...) end
    return f(a, b, ...)
  end
end
local function sum3(x, y, z) return x + y + z end
print(bind(sum3, 1, 2)(3), bind(sum3, 10)(20, 30), bind(sum3)(1, 1, 1))
