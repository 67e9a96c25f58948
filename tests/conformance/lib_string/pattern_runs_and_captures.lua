-- runs of classes and sets longer and shorter than a few bytes, captures beyond two
local s = "  \t  key_1 = value42;;   [[x]]  abc123def  "
print(s:find("^[ \t]*"), s:find("[%a_]+"), s:match("(%a+)_(%d) = (%a+)(%d+)"))
print(s:gsub("[ \t]+", "."), s:gsub("%s*", "|"))
for a, b, c, d in s:gmatch("(%a)(%a*)(%d*)()") do io.write(a, b, c, d, " ") end print()
print(("xxxxxxxxxxxxxxxx"):find("x*y"), ("aaaaab"):match("^(a*)(a)b$"), ("[[[[]]]]"):match("[%[]+"))
print(("abc"):gsub("%w", "%0%0"), ("hello world"):gsub("(o)", {o = "0"}), ("a.b.c"):find(".", 1, true))
print(string.find("a+b", "+", 1, true), string.find("a+b", "a+"), string.find("a$b", "$b"))
