for _, n in ipairs({"close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"}) do
  io.write(n, ":", type(coroutine[n]), " ")
end
print()
print(type(coroutine.create(print)))
