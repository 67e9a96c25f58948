-- hostile: a script that exhausts --memory-limit (live tables that keep growing): "not enough memory", exit status 1, no panic
-- exit: 1
-- flags: --memory-limit=32M
-- stderr: crescent: not enough memory
-- oracle: differs (lua5.4 has no memory limit)
local keep = {}
local i = 0
while true do
  i = i + 1
  keep[i] = {i, tostring(i), function() return i end}
end
