local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print(n)
local u = {nil, 2}
n = 0
for _ in ipairs(u) do n = n + 1 end
print(n)
local w = {x = 1, [1] = "a", [2] = "b", [4] = "d"}
for i, v in ipairs(w) do print(i, v) end
local grow = {1}
local seen = 0
for i, v in ipairs(grow) do
  seen = seen + 1
  if i < 5 then grow[i + 1] = v + 1 end
end
print(seen, #grow)
