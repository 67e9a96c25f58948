local s = "aaabbbccc"
print(s:match("a*"), s:match("a+"), s:match("a-"), s:match("a?"))
print(s:match("a-b"), s:match("a*b"), s:match("x*"), s:match("x?a"))
print(("<a><b>"):match("<.*>"), ("<a><b>"):match("<.->"))
print(("  trim me  "):match("^%s*(.-)%s*$"))
print(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(("aaa"):match("^a-$"), ("aaa"):match("a-a"))
print(("abc"):match("^b"), ("abc"):match("c$"), ("a$c"):match("$c"), ("a^c"):match("a^"))
print(("x"):match(".?x"), ("xy"):match(".?y?"))
