-- hostile: "not enough memory" under --memory-limit caught by pcall (tables, strings, concatenation, table.concat, string.rep, coroutines, closures), after which the garbage is collected and the script goes on
-- exit: 0
-- flags: --memory-limit=16M
-- oracle: differs (lua5.4 has no memory limit)
local function hog(kind)
  return pcall(function()
    local keep = {}
    local i = 0
    while true do
      i = i + 1
      if kind == "tables" then keep[i] = {i}
      elseif kind == "strings" then keep[i] = ("x"):rep(1000) .. i
      elseif kind == "closures" then keep[i] = function() return i end
      elseif kind == "coroutines" then keep[i] = coroutine.create(print)
      elseif kind == "array" then keep[#keep + 1] = i
      elseif kind == "hash" then keep["k" .. i] = i
      end
    end
  end)
end
for _, kind in ipairs({"tables", "strings", "closures", "coroutines", "array", "hash"}) do
  print(kind, hog(kind))
end
print(pcall(function() local s = "x" while true do s = s .. s end end))
print(pcall(string.rep, "x", 64 * 1024 * 1024), #string.rep("x", 1024 * 1024))
print(pcall(string.rep, "x", 16 * 1024 * 1024, "y"))
local parts = {}
for i = 1, 10 do parts[i] = ("p"):rep(1024 * 1024) end
print(pcall(table.concat, parts, ",", 1, 10), pcall(table.concat, parts))
parts = nil
print(pcall(function() return ("x"):rep(10 * 1024 * 1024) .. ("y"):rep(10 * 1024 * 1024) end))
local x = ("x"):rep(6 * 1024 * 1024)
print(pcall(string.format, "%s%s", x, x))
x = nil
-- the same in hot loops (compiled under the JIT), many times
local failures = 0
for round = 1, 3 do
  local ok = hog("tables")
  if not ok then failures = failures + 1 end
end
print(failures)
-- still fully usable afterwards
local t = {}
for i = 1, 100000 do t[i] = i end
print(#t, collectgarbage("count") < 16 * 1024)
