--[==[ comment
]]
print(1)

