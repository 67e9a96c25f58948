local producer = coroutine.create(function()
  for _, item in ipairs({"a", "b", "c"}) do coroutine.yield(item) end
  return nil
end)
local function receive()
  local ok, v = coroutine.resume(producer)
  return v
end
local got = {}
while true do
  local v = receive()
  if v == nil then break end
  got[#got + 1] = v
end
print(table.concat(got, ","), coroutine.status(producer))
