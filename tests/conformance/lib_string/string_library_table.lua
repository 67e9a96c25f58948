local names = {"byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower",
  "match", "pack", "packsize", "rep", "reverse", "sub", "unpack", "upper"}
for _, n in ipairs(names) do io.write(n, ":", type(string[n]), " ") end
print()
print(string.gfind, string.getn)
