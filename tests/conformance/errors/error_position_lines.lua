local function f()

  error("on line 3")
end
print(pcall(f))
local function g()
  local x = nil
  return
    x.field
end
print(pcall(g))
local ok, e = pcall(function()
  error(
    "multi-line call"
  )
end)
print(ok, e)
