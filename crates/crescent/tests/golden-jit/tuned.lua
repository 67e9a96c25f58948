-- A loop recompiled with its feedback after 1000 iterations (the default
-- --jit-recompile): the second dump is the tuned code (float-first arithmetic and
-- comparison, no recording of bits already recorded).
local function f(n)
  local s, c = 0.0, 0
  for i = 1, n do
    s = s * 0.5 + i / 3
    if s < 100.5 then c = c + 1 end
  end
  return s, c
end
print(f(1500))
