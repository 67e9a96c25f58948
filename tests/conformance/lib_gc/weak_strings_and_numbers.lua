local t = setmetatable({}, {__mode = "kv"})
t["key"] = "value"
t[1] = 2
t[true] = false
t[1.5] = print
collectgarbage()
print(t.key, t[1], t[true], t[1.5] == print)
