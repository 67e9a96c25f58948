local function f(...)
  local t = {n = select("#", ...), ...}
  local u = {..., n = 1}
  g(..., ...)
  return {..., ...}
end
return f
