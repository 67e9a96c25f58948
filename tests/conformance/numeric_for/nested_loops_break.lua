local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j break end
  end
  if found then break end
end
print(found)
local count = 0
for i = 1, 5 do
  for j = i, 5 do count = count + 1 end
end
print(count)
local w = 0
while true do
  w = w + 1
  if w > 5 then break end
end
print(w)
local r = 0
repeat r = r + 1 if r == 3 then break end until false
print(r)
