-- hostile: numeric for loops at the integer limits (no wraparound, no endless loop), zero steps, bad limits, integer overflow arithmetic
-- exit: 0
-- oracle: same
local function count(a, b, c)
  local n = 0
  if c then for i = a, b, c do n = n + 1 if n > 100 then break end end
  else for i = a, b do n = n + 1 if n > 100 then break end end end
  return n
end
print(count(math.maxinteger - 2, math.maxinteger))
print(count(math.mininteger + 2, math.mininteger, -1))
print(count(math.mininteger, math.mininteger + 2))
print(count(math.maxinteger, math.maxinteger - 2, -1))
print(count(1, math.maxinteger, math.maxinteger // 2))
print(count(-1, math.mininteger, math.mininteger))
print(count(math.maxinteger - 5, math.huge))
print(count(math.mininteger + 5, -math.huge, -1))
print(count(1, 0.5), count(0, 2^53, 2^52), count(1, math.maxinteger, math.maxinteger))
print(count(math.maxinteger, math.mininteger), count(math.mininteger, math.maxinteger, math.maxinteger))
print(count(0, math.maxinteger, math.mininteger), count(0, math.mininteger, math.maxinteger))
print(count(1.0, 3), count(2^63, 2^63 + 10), count(-2^63, -2^63))
print(count(0, 1, 0.1), count(1, 0, -0.25), count(0, 0/0), count(0/0, 1))
print(pcall(count, 1, 10, 0))
print(pcall(count, 1.0, 10, 0.0))
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = "a", 2 do end end))
print(pcall(function() for i = 1, 2, {} do end end))
print(pcall(function() for i = 1, 2, "1" do end end))
-- a hot loop that wraps around (compiled under the JIT)
local n, i = 0, math.maxinteger - 1000
while i > 0 do i = i + 1 n = n + 1 end
print(n, i)
local s = 0
for k = 1, 3000 do s = s + math.maxinteger end
print(s)
print(math.maxinteger + 1 == math.mininteger, math.mininteger // -1, math.mininteger % -1)
print(math.mininteger * -1, math.abs(math.mininteger), -math.mininteger)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() return math.mininteger // 0 end))
print(1 // 0.0, -1 // 0.0, 0/0 ~= 0/0, math.huge // 1, -math.huge % 2)
print(math.tointeger(2^63), math.tointeger(-2^63), 2^63 == math.mininteger, -2^63 == math.mininteger)
print(math.ult(1, -1), 1 << 64, 1 << 63, -1 >> 1, 1 << -1, -1 >> 64)
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return "9223372036854775808" | 0 end))
print(string.format("%d", -0), 0x7fffffffffffffff + 1, 0xffffffffffffffff, 9223372036854775807 + 0.0)
print(tostring(-0.0), 3 % -math.huge, -3 % math.huge, 5.3 % -0.0)
