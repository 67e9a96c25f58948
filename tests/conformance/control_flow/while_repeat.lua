local i = 0
while i < 3 do i = i + 1 end
print(i)
local j = 10
repeat j = j - 3 until j < 0
print(j)
local k = 0
repeat
  local done = k >= 2
  k = k + 1
until done
print(k)
while false do print("never") end
repeat print("once") until true
