local events = {}
local function hook(ev)
  local info = debug.getinfo(2, "n")
  events[#events + 1] = ev .. ":" .. tostring(info and info.name)
end
local function leaf() return 1 end
local function mid() return leaf() + 1 end
local function top() local r = mid(); return r end
debug.sethook(hook, "cr")
top()
debug.sethook()
print(table.concat(events, " "))
