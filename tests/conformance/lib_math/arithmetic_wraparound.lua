print(math.maxinteger + 1, math.mininteger - 1, math.maxinteger * 2, math.mininteger * -1)
print(-math.mininteger, math.mininteger // -1, math.abs(math.mininteger))
print(1 << 63, 1 << 64, -1 >> 1, -1 >> 63, 1 << -1, 2 >> -1)
print(5 // 0.0, -5 % math.huge, 0x7fffffffffffffff + 0x7fffffffffffffff)
