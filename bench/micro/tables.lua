-- Interpreter micro-benchmark (issue #2): array writes/reads and string-keyed hash writes.
local t = {}
for r = 1, 20 do
  for i = 1, 200000 do t[i] = i * 2 end
  local s = 0
  for i = 1, #t do s = s + t[i] end
  local h = {}
  for i = 1, 50000 do h["k" .. (i % 1000)] = i end
end
print(#t)
