for i = 1, 10 do
  if i > 5 then break end
  if i == 2 then break; end
  if i == 3 then break else print(i) end
  if i == 4 then break; print(i) end
end
while true do
  if x then break elseif y then break end
end
