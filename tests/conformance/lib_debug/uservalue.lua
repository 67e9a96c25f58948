print(debug.getuservalue(1))
print(debug.getuservalue(io.stdout))
print(debug.setuservalue(io.stdout, 1, 1))
print(pcall(debug.setuservalue, {}, 1))
