for _, n in ipairs({"debug", "gethook", "getinfo", "getlocal", "getmetatable", "getregistry",
  "getupvalue", "getuservalue", "sethook", "setlocal", "setmetatable", "setupvalue",
  "setuservalue", "traceback", "upvalueid", "upvaluejoin", "setcstacklimit"}) do
  io.write(n, ":", type(debug[n]), " ")
end
print()
