for _, a in ipairs({5.5, -5.5, 7, -7}) do
  local i, f = math.modf(a)
  io.write(tostring(i), " ", tostring(f), " ", tostring(math.fmod(a, 2)), "; ")
end
print()
