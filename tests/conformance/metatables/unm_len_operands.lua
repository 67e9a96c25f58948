local seen
local mt = {
  __unm = function(a, b) seen = rawequal(a, b) return "neg" end,
  __len = function(a, b) return "len" end,
  __bnot = function(a, b) return rawequal(a, b) and "bnot same" or "bnot diff" end,
}
local t = setmetatable({}, mt)
print(-t, seen, #t, ~t)
