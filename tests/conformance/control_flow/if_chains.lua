local function classify(n)
  if n < 0 then return "negative"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "large" end
end
print(classify(-5), classify(0), classify(5), classify(50))
if nil then print("nil is truthy?") else print("nil is falsy") end
if false then print("no") elseif 0 then print("0 is truthy") end
if "" then print("empty string is truthy") end
local x = 1
if x then x = 2 end
print(x)
