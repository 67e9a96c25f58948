for _, n in ipairs({"clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename", "setlocale", "time", "tmpname"}) do
  io.write(n, ":", type(os[n]), " ")
end
print()
