local x

if x then
  print(x)
end
break
