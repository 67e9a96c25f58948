print(type(package.path), type(package.cpath), type(package.searchers), #package.searchers)
print(type(package.loadlib), type(package.searchpath), type(package.preload), type(package.loaded))
for i, s in ipairs(package.searchers) do io.write(i, ":", type(s), " ") end
print()
