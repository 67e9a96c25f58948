local cache = setmetatable({}, {__mode = "v"})
local function get(k)
  local v = cache[k]
  if not v then v = {key = k}; cache[k] = v end
  return v
end
local held = get("held")
get("dropped")
collectgarbage("collect")
print(cache.held == held, cache.dropped)
local ephemeron = setmetatable({}, {__mode = "k"})
local key = {}
ephemeron[key] = {ref = key}
collectgarbage("collect")
print(ephemeron[key] ~= nil)
key = nil
collectgarbage("collect")
local n = 0
for _ in pairs(ephemeron) do n = n + 1 end
print(n)
