local s = "Abc 123 _x-y\t\n!?"
for _, c in ipairs({"%a", "%d", "%l", "%u", "%s", "%w", "%x", "%p", "%c", "%g"}) do
  local out = {}
  for m in s:gmatch(c) do out[#out + 1] = m end
  print(c, #out, (table.concat(out):gsub("%c", "^")))
end
for _, c in ipairs({"%A", "%D", "%S", "%W"}) do
  local n = 0
  for _ in s:gmatch(c) do n = n + 1 end
  print(c, n)
end
