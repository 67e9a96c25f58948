print("a" < "b", "abc" < "abd", "" < "a", "a" < "", "Z" < "a")
print("a\0b" < "a\0c", "a" < "a\0", "abc" <= "abc", "b" >= "abc")
print("10" < "9", "" == "", "a" ~= "A")
local t = {"banana", "apple", "Cherry", "apple2", ""}
table.sort(t)
print(table.concat(t, ","))
