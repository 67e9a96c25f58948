-- strings are byte strings: lengths count bytes, any byte value is allowed
print(#"\xff\xfe", #"\u{10FFFF}", #"é")
local s = "\200\201\202"
print(s == "\xc8\xc9\xca", #s)
print("\xe2\x82\xac" == "\u{20AC}")
local t = {}
t["\255"] = 1
t["\xff"] = (t["\xff"] or 0) + 1
print(t["\255"])
print("\128\129")
