print(("f(a(b)c) d"):match("%b()"))
print(("[[x]] [y]"):match("%b[]"))
print(("no close ("):match("%b()"))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
local words = {}
for w in ("THE (quick) fox_jumps"):gmatch("%f[%w]%w+") do words[#words + 1] = w end
print(table.concat(words, "|"))
print(("hello"):match("%f[%l]"), ("hello"):find("%f[%z]"))
print(("aaa bbb"):gsub("%f[%w]%w", string.upper))
print(pcall(string.match, "x", "%b"))
print(pcall(string.match, "x", "%ba"))
print(pcall(string.match, "x", "%f"))
print(pcall(string.match, "x", "%fa"))
