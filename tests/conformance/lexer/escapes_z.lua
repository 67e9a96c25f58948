local s = "abc\z
           def\z   ghi"
print(s, #s)
local t = "one\z

    two"
print(t)
print("x\z" .. "y")
print("a\z  
   \z
   b")
