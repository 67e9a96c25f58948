print(1 == "1", nil == false, true == 1, "true" == true)
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}))
local a = "hel"
local b = a .. "lo"
print(b == "hello", rawequal(b, "hello"))
local long1 = "a long string that is not interned maybe " .. 1
local long2 = "a long string that is not interned maybe " .. "1"
print(long1 == long2)
print(0.5 == 1/2, 1e100 == 10^100, 3 == 3.0000000000000001)
