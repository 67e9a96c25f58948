print(pcall(load("error('e1')")))
print(pcall(load("local x = 1\nerror('e2')")))
print(pcall(load("\nerror('e3')\n-- more")))
