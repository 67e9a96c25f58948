for _, n in ipairs({"concat", "insert", "move", "pack", "remove", "sort", "unpack"}) do
  io.write(n, "=", type(table[n]), " ")
end
print()
print(table.getn, table.maxn, table.foreach, table.setn)
