local lines = {}
local function hook(ev, line) lines[#lines + 1] = line end
local function work()
  local a = 1
  local b = 2
  return a + b
end
debug.sethook(hook, "l")
work()
debug.sethook()
print(table.concat(lines, " "))
