local a, b = ...
local t = {a & b, a | b, a ~ b, a << b, a >> b, ~a,
  a & 0xff, 0xff & a, a | 1, a ~ 3, a << 1, a << -1, 1 << a, a >> 2, a >> -2, 3 >> a,
  a << 200, a >> 200, a & 1.0, 1.5 & a, a & 1000000000000}
return t
