local function count(n)
  if n == 0 then return "done" end
  coroutine.yield(n)
  return count(n - 1)
end
local co = coroutine.wrap(count)
local out = {}
local v = co(5)
while v ~= "done" do out[#out + 1] = v; v = co() end
print(table.concat(out, " "), v)
