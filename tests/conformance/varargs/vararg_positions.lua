local function three() return 1, 2, 3 end
local function pack(...) return {n = select('#', ...), ...} end
local function show(t) local s = "n=" .. t.n .. ":" for i = 1, t.n do s = s .. " " .. tostring(t[i]) end print(s) end
local function f(...)
  show(pack(...))
  show(pack(..., "end"))
  show(pack("start", ...))
  show(pack((...)))
  local a, b = ...
  print(a, b)
  local t = {..., ...}
  print(#t)
end
f(1, 2, 3)
f()
f(nil, nil)
show(pack(three(), three()))
show(pack(three(), (three())))
