local function check(x)
  if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end
end
check("str")
