local function f(a, b)
  local c = a + b
  local results = {}
  for i = 1, 10 do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    -- internal loop variables: names only (their values are implementation details)
    if name:sub(1, 1) == "(" then results[#results + 1] = name
    else results[#results + 1] = name .. "=" .. (type(value) == "table" and "table" or tostring(value)) end
  end
  return table.concat(results, " ")
end
print(f(1, 2))
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
print(pcall(debug.getlocal, 50, 1))
print(debug.getlocal(1, 100))
