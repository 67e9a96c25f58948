local events = {}
local function hook(ev) events[#events + 1] = ev end
local function leaf() return 1 end
local function tail() return leaf() end
debug.sethook(hook, "cr")
tail()
debug.sethook()
print(table.concat(events, " "))
