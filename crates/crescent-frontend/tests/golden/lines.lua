local t = {
  1,
  2,
  f(
    3,
    4
  ),
}
local x = a
  + b
  * c
print(
  x,
  t
)
local s = "a" ..
  "b" ..
  c
if x
  and t
then
  return
    x
end
