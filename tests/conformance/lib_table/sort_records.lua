local people = {
  {name = "ann", age = 30}, {name = "bob", age = 25}, {name = "cid", age = 35},
  {name = "dee", age = 20}, {name = "eve", age = 28},
}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do io.write(p.name, " ") end
print()
table.sort(people, function(a, b) return a.name > b.name end)
for _, p in ipairs(people) do io.write(p.name, " ") end
print()
