for i = 1.0, 2.0, 0.5 do print(i) end
for i = 1, 2, 0.25 do print(i) end
for i = 0.1, 0.35, 0.1 do print(i) end
for i = 3, 1, -0.5 do print(i) end
for i = 1, 3.5 do print(i) end
for i = 1.5, 3 do print(i) end
for i = 1, 2.0 do print(i) end
