-- 5.4: gmatch takes an init argument
for w in ("one two three"):gmatch("%a+", 5) do io.write(w, ";") end
print()
for w in ("one two three"):gmatch("%a+", -5) do io.write(w, ";") end
print()
for w in ("abc"):gmatch(".", 10) do io.write(w, ";") end
print("end")
